import { createPrivateKey, createPublicKey, generateKeyPairSync, hash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';

// C2SP signed-note keys (golang.org/x/mod/sumdb/note): Ed25519 is algorithm 0x01; the key id is
// the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key).
const ED25519 = 0x01;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A note signer: its name, key id and private key. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  readonly privateKey: KeyObject;
  /** The verifier key of this signer, `name+hexid+base64(0x01 || public key)`. */
  readonly verifierKey: string;
}

/** A note verifier: the public half. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
  readonly verifierKey: string;
}

// The base64 key at the end may itself hold '+': split off only the fields before it.
function splitKey(text: string, fields: number): string[] {
  const parts = text.trim().split('+');
  return parts.length <= fields ? parts : [...parts.slice(0, fields - 1), parts.slice(fields - 1).join('+')];
}

function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return hash(
    'sha256',
    Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([ED25519]), publicKey]),
    'buffer',
  ).subarray(0, 4);
}

function assertName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name))
    throw new CheckpointError(
      CheckpointErrorCode.KeyInvalid,
      `key name '${name}' must be non-empty, without spaces or '+'`,
    );
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

function verifierKeyOf(name: string, publicKey: Buffer): string {
  return `${name}+${keyIdOf(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

function keyBytes(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519)
    throw new CheckpointError(
      CheckpointErrorCode.KeyInvalid,
      `${what} is not an Ed25519 key (0x01 followed by 32 bytes, base64)`,
    );
  return bytes.subarray(1);
}

/** Makes a new Ed25519 signer key; returns it in the `PRIVATE+KEY+name+hexid+base64` form. */
export function generateSignerKey(name: string): string {
  assertName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const id = keyIdOf(name, rawPublicKey(createPublicKey(privateKey)));
  return `PRIVATE+KEY+${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

/** Parses a signer key (`PRIVATE+KEY+name+hexid+base64(0x01 || seed)`). */
export function parseSignerKey(text: string): NoteSigner {
  const parts = splitKey(text, 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw new CheckpointError(
      CheckpointErrorCode.KeyInvalid,
      'a signer key reads PRIVATE+KEY+<name>+<hex key id>+<base64 key>',
    );
  const [, , name, id, key] = parts as [string, string, string, string, string];
  assertName(name);
  const seed = keyBytes(key, 'the signer key');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const keyId = keyIdOf(name, publicKey);
  if (keyId.toString('hex') !== id)
    throw new CheckpointError(
      CheckpointErrorCode.KeyInvalid,
      `the signer key's id ${id} does not match its key (${keyId.toString('hex')})`,
    );
  return { name, keyId, privateKey, verifierKey: verifierKeyOf(name, publicKey) };
}

/** Parses a verifier key (`name+hexid+base64(0x01 || public key)`), the public key auditors keep. */
export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitKey(text, 3);
  if (parts.length !== 3)
    throw new CheckpointError(
      CheckpointErrorCode.KeyInvalid,
      'a verifier key reads <name>+<hex key id>+<base64 key>',
    );
  const [name, id, key] = parts as [string, string, string];
  assertName(name);
  const raw = keyBytes(key, 'the verifier key');
  const keyId = keyIdOf(name, raw);
  if (keyId.toString('hex') !== id)
    throw new CheckpointError(
      CheckpointErrorCode.KeyInvalid,
      `the verifier key's id ${id} does not match its key (${keyId.toString('hex')})`,
    );
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  return { name, keyId, publicKey, verifierKey: verifierKeyOf(name, raw) };
}
