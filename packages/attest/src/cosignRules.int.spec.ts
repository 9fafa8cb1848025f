import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { provenanceStatement } from './provenanceStatement.ts';
import { signStatement } from './signStatement.ts';
import { cosignVerifyBlob, sshFingerprint } from './testing/cosignVerifyBlob.ts';
import { verifyAttestation } from './verifyAttestation.ts';

const vectors = new URL('./testing/vectors/intoto-canonical-log-entry/', import.meta.url);
const vectorBundle = readFileSync(new URL('bundle.sigstore.json', vectors), 'utf8');
const vectorKey = readFileSync(new URL('key.pub', vectors), 'utf8');

const artifact = Buffer.from('the bytes of shiplog-fixture-web-2.0.0.wasm');

function statement() {
  return provenanceStatement({
    subjects: [{ name: 'web', digest: { sha256: createHash('sha256').update(artifact).digest('hex') } }],
    buildType: 'https://shiplog.dev/release-build/v1',
    builderId: 'https://shiplog.dev/builders/workers@v1',
    externalParameters: {},
    invocationId: 'job-1',
    startedOn: new Date('2026-01-01T00:00:00Z'),
    finishedOn: new Date('2026-01-01T00:00:05Z'),
  });
}

function withKeyId(bundleJson: string, keyid: string): string {
  const bundle = JSON.parse(bundleJson) as { dsseEnvelope: { signatures: { keyid: string }[] } };
  for (const s of bundle.dsseEnvelope.signatures) s.keyid = keyid;
  return JSON.stringify(bundle);
}

describe("cosign's verification rules (verify-blob --bundle --key)", () => {
  it('accept the managed-key DSSE bundle of the sigstore conformance suite and refuse altered copies', () => {
    expect(cosignVerifyBlob(vectorBundle, vectorKey)).toBeUndefined();
    const altered = JSON.parse(vectorBundle) as { dsseEnvelope: { payloadType: string } };
    altered.dsseEnvelope.payloadType = 'application/json';
    expect(cosignVerifyBlob(JSON.stringify(altered), vectorKey)).toMatch(/no signature verifies/);
    expect(cosignVerifyBlob(withKeyId(vectorBundle, 'some-hint'), vectorKey)).toMatch(
      /no signature with keyid/,
    );
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(
      cosignVerifyBlob(vectorBundle, stranger.export({ format: 'pem', type: 'spki' }).toString()),
    ).toMatch(/no signature verifies/);
  });

  for (const kind of ['P-256', 'Ed25519'] as const) {
    it(`accept shiplog's ${kind} bundles, which still name their key by hint for @sigstore/verify`, async () => {
      const pair =
        kind === 'P-256'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : generateKeyPairSync('ed25519');
      const pem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
      const signed = await signStatement(statement(), {
        kind: 'key',
        privateKey: pair.privateKey,
        keyHint: 'shiplog-demo',
      });
      expect(signed.bundle.dsseEnvelope?.signatures.map((s) => s.keyid)).toEqual(['']);
      expect(signed.bundle.verificationMaterial.publicKey?.hint).toBe('shiplog-demo');
      expect(cosignVerifyBlob(signed.json, pem)).toBeUndefined();
      expect(
        verifyAttestation(signed.json, artifact, { publicKeys: { 'shiplog-demo': pem } }).signer,
      ).toEqual({
        keyHint: 'shiplog-demo',
      });
      // What @sigstore/sign wrote before: the hint as keyid, which cosign skips; its fingerprint passes.
      expect(cosignVerifyBlob(withKeyId(signed.json, 'shiplog-demo'), pem)).toMatch(/0 of 1/);
      expect(cosignVerifyBlob(withKeyId(signed.json, sshFingerprint(pair.publicKey)), pem)).toBeUndefined();
    });
  }
});
