import { describe, expect, it } from 'vitest';
import { openCheckpoint, signCheckpoint } from './checkpointNote.ts';
import { CheckpointErrorCode } from './errors.ts';
import { leafHash } from './merkleHash.ts';
import { createMerkleTree } from './merkleTree.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './noteKey.ts';
import { openNote, signNote } from './signedNote.ts';

// The reference vector of golang.org/x/mod/sumdb/note (note_test.go): what Go's note package,
// Tessera and every witness read.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes (C2SP signed-note)', () => {
  it('signs and opens byte for byte as Go’s note package does', () => {
    const signer = parseSignerKey(GO_SKEY);
    expect(signer.verifierKey).toBe(GO_VKEY);
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, parseVerifierKey(GO_VKEY))).toBe(GO_TEXT);
  });

  it('refuses an altered text, another key and malformed keys, by code', () => {
    const verifier = parseVerifierKey(GO_VKEY);
    const code = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (err) {
        return (err as { code?: unknown }).code;
      }
      return 'no error';
    };
    expect(code(() => openNote(GO_NOTE.replace('cryptography', 'Cryptography'), verifier))).toBe(
      CheckpointErrorCode.SignatureInvalid,
    );
    const other = parseVerifierKey(parseSignerKey(generateSignerKey('PeterNeumann')).verifierKey);
    expect(code(() => openNote(GO_NOTE, other))).toBe(CheckpointErrorCode.SignatureInvalid);
    expect(code(() => parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4')))).toBe(
      CheckpointErrorCode.KeyInvalid,
    );
    expect(code(() => parseSignerKey('PRIVATE+KEY+x'))).toBe(CheckpointErrorCode.KeyInvalid);
    expect(code(() => openNote('no signature\n', verifier))).toBe(CheckpointErrorCode.NoteInvalid);
  });

  it('writes tlog-checkpoints that open to the same tree head', () => {
    const signer = parseSignerKey(generateSignerKey('example.com/log'));
    const root = leafHash(Buffer.from('x'));
    const note = signCheckpoint({ origin: 'example.com/log', size: 42, root }, signer);
    expect(note.split('\n').slice(0, 3)).toEqual(['example.com/log', '42', root.toString('base64')]);
    const head = openCheckpoint(note, parseVerifierKey(signer.verifierKey));
    expect(head).toEqual({ origin: 'example.com/log', size: 42, root });
  });
});

describe('RFC 6962 known answers', () => {
  // The Certificate Transparency test leaves and roots (certificate-transparency-go, merkle tests).
  const leaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ];
  it('computes the published roots', () => {
    const tree = createMerkleTree();
    for (const leaf of leaves) tree.append(leafHash(Buffer.from(leaf, 'hex')));
    expect(tree.root(1).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(tree.root(8).toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
    expect(tree.root(0).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
