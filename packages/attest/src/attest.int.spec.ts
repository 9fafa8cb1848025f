import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttestError, AttestErrorCode } from './errors.ts';
import { provenanceStatement } from './provenanceStatement.ts';
import { signStatement } from './signStatement.ts';
import { startMockSigstore } from './testing/mockSigstore.ts';
import type { MockSigstore } from './testing/mockSigstore.ts';
import { verifyAttestation } from './verifyAttestation.ts';

const artifact = Buffer.from('the bytes of shiplog-fixture-core-1.2.0.crate');
const other = Buffer.from('some other bytes');

function statementFor(bytes: Buffer) {
  return provenanceStatement({
    subjects: [
      {
        name: 'pkg:cargo/shiplog-fixture-core@1.2.0',
        digest: {
          sha256: createHash('sha256').update(bytes).digest('hex'),
          sha512: createHash('sha512').update(bytes).digest('hex'),
        },
      },
    ],
    buildType: 'https://shiplog.dev/build/v1',
    builderId: 'https://shiplog.dev/workers/build@linux-x64',
    externalParameters: { command: ['cargo', 'package'] },
    invocationId: 'job-1',
    startedOn: new Date('2026-01-01T00:00:00Z'),
    finishedOn: new Date('2026-01-01T00:00:05Z'),
  });
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof AttestError) return err.code;
    throw err;
  }
  return 'VERIFIED';
}

describe('signing with a local key (offline)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeys = { 'release-key-1': publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  const identity = { kind: 'key', privateKey, keyHint: 'release-key-1' } as const;

  it('produces a bundle that verifies, whose subject digest is the artifact digest', async () => {
    const signed = await signStatement(statementFor(artifact), identity);
    expect(signed.bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    const verified = verifyAttestation(signed.json, artifact, { publicKeys });
    expect(verified.signer.keyHint).toBe('release-key-1');
    expect(verified.statement.subject[0]?.digest['sha256']).toBe(
      createHash('sha256').update(artifact).digest('hex'),
    );
    expect(verified.statement.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(signed.digest).toBe(`sha256:${createHash('sha256').update(signed.json).digest('hex')}`);
  });

  it('refuses tampered artifact bytes and a bundle for other bytes', async () => {
    const signed = await signStatement(statementFor(artifact), identity);
    const tampered = Buffer.from(artifact);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    expect(codeOf(() => verifyAttestation(signed.json, tampered, { publicKeys }))).toBe(
      AttestErrorCode.SubjectMismatch,
    );
    const forOther = await signStatement(statementFor(other), identity);
    expect(codeOf(() => verifyAttestation(forOther.json, artifact, { publicKeys }))).toBe(
      AttestErrorCode.SubjectMismatch,
    );
  });

  it('refuses an altered statement, another key and an unknown key hint', async () => {
    const signed = await signStatement(statementFor(artifact), identity);
    const altered = structuredClone(signed.bundle);
    const forged = {
      ...statementFor(other),
      subject: statementFor(artifact).subject,
      predicateType: 'https://evil',
    };
    if (altered.dsseEnvelope === undefined) throw new Error('expected a DSSE bundle');
    altered.dsseEnvelope.payload = Buffer.from(JSON.stringify(forged)).toString('base64');
    expect(codeOf(() => verifyAttestation(altered, artifact, { publicKeys }))).toBe(
      AttestErrorCode.SignatureInvalid,
    );

    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const wrongKey = { 'release-key-1': stranger.export({ format: 'pem', type: 'spki' }).toString() };
    expect(codeOf(() => verifyAttestation(signed.json, artifact, { publicKeys: wrongKey }))).toBe(
      AttestErrorCode.SignatureInvalid,
    );
    expect(codeOf(() => verifyAttestation(signed.json, artifact, { publicKeys: {} }))).toBe(
      AttestErrorCode.SignerUntrusted,
    );
    expect(codeOf(() => verifyAttestation('{"not":"a bundle"}', artifact, { publicKeys }))).toBe(
      AttestErrorCode.BundleMalformed,
    );
  });
});

describe('keyless signing against local Fulcio and Rekor (@sigstore/mock over HTTP)', () => {
  let sigstore: MockSigstore;
  beforeAll(async () => {
    sigstore = await startMockSigstore();
  });
  afterAll(async () => {
    await sigstore?.close();
  });

  const subject = 'https://github.com/acme/shiplog-fixture/.github/workflows/release.yml@refs/tags/v1.2.0';
  const issuer = 'https://token.actions.githubusercontent.com';

  it('gets a certificate for the OIDC identity, logs to Rekor, and verifies with that identity', async () => {
    const signed = await signStatement(statementFor(artifact), {
      kind: 'keyless',
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url,
      identityToken: sigstore.identityToken(subject, issuer),
    });
    expect(signed.bundle.verificationMaterial.certificate).toBeDefined();
    expect(signed.transparencyLog?.logIndex).toBeGreaterThanOrEqual(0);
    const verified = verifyAttestation(signed.json, artifact, {
      trustedRoot: sigstore.trustedRoot,
      identity: { subjectAlternativeName: subject, issuer },
    });
    expect(verified.signer).toEqual({ identity: subject, issuer });
  });

  it('refuses another identity, other bytes, and a root that does not trust this CA', async () => {
    const signed = await signStatement(statementFor(artifact), {
      kind: 'keyless',
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url,
      identityToken: sigstore.identityToken(subject, issuer),
    });
    const trustedRoot = sigstore.trustedRoot;
    expect(
      codeOf(() =>
        verifyAttestation(signed.json, artifact, {
          trustedRoot,
          identity: { subjectAlternativeName: 'mallory', issuer },
        }),
      ),
    ).toBe(AttestErrorCode.SignerUntrusted);
    expect(codeOf(() => verifyAttestation(signed.json, other, { trustedRoot }))).toBe(
      AttestErrorCode.SubjectMismatch,
    );
    expect(codeOf(() => verifyAttestation(signed.json, artifact, {}))).toBe(AttestErrorCode.SignatureInvalid);
  });
});
