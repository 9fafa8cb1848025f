import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyAttestation } from '@shiplog/attest';
import { startMockSigstore } from '@shiplog/attest/testing';
import type { MockSigstore } from '@shiplog/attest/testing';
import type { Bus } from '@shiplog/bus';
import { createMemoryBus } from '@shiplog/bus';
import { parseReleaseManifest } from '@shiplog/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpJobId } from './buildJobs.ts';
import { handleBuildJob } from './buildWorker.ts';
import { handleSignJob } from './signWorker.ts';
import { workerJobQueues } from './startWorker.ts';
import { startRecordedRun } from './testing/recordedRun.ts';
import { createWorkerHarness } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';

let harness: WorkerHarness;
let sigstore: MockSigstore;
let bus: Bus;

beforeAll(async () => {
  harness = await createWorkerHarness();
  sigstore = await startMockSigstore();
  bus = createMemoryBus({ topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  await mkdir(join(harness.dir, 'src'));
  await writeFile(
    join(harness.dir, 'src', 'add.wat'),
    '(module (func (export "one") (result i32) i32.const 1))',
  );
});

afterAll(async () => {
  await bus?.close();
  await sigstore?.close();
  await harness?.dispose();
});

describe('the sign worker, keyless (local Fulcio and Rekor from @sigstore/mock)', () => {
  it('records an attestation naming the OIDC identity and its Rekor entry; the bundle verifies', async () => {
    const manifest = parseReleaseManifest({
      release: 'keyless',
      version: '1.0.0',
      packages: [
        {
          name: 'one',
          ecosystem: 'oci-wasm',
          build: { source: 'src', command: ['wat2wasm', 'add.wat', '-o', 'one.wasm'], outputs: ['one.wasm'] },
          registry: {
            url: 'https://ghcr.io',
            repository: 'acme/one',
            credentials: { from: 'oidc', audience: 'ghcr' },
          },
        },
      ],
    });
    const subject = 'https://github.com/acme/one/.github/workflows/release.yml@refs/tags/v1.0.0';
    const issuer = 'https://token.actions.githubusercontent.com';
    const ctx = {
      ...harness.context(bus, 'sign-keyless'),
      signing: {
        kind: 'keyless' as const,
        fulcioURL: sigstore.url,
        rekorURL: sigstore.url,
        identityToken: sigstore.identityToken(subject, issuer),
      },
    };
    const [job] = await startRecordedRun(ctx, manifest);
    if (job === undefined) throw new Error('expected a build job');
    const built = await handleBuildJob(job, ctx);
    if (built.status !== 'built' || built.artifacts[0] === undefined) throw new Error('expected a build');
    const artifact = built.artifacts[0];
    const outcome = await handleSignJob(
      {
        jobId: followUpJobId(artifact.packagedEventId) ?? '',
        release: 'keyless',
        version: '1.0.0',
        requestedAt: '2026-11-21T10:00:00Z',
        packagedEventId: artifact.packagedEventId,
      },
      ctx,
    );
    if (outcome.status === 'refused') throw new Error(outcome.message);
    expect(outcome.status).toBe('recorded');
    const [record] = await harness.events('dev.cdeventsx.shiplog-attestation.recorded.0.1.0');
    const content = (JSON.parse(record?.data ?? '{}') as { subject: { content: Record<string, unknown> } })
      .subject.content;
    expect(content['signer']).toEqual({ identity: subject, issuer });
    expect((content['transparencyLog'] as { logIndex: number }).logIndex).toBeGreaterThanOrEqual(0);

    const artifacts = ctx.artifacts;
    const bundle = new TextDecoder().decode(await artifacts.get(outcome.bundleDigest ?? ''));
    const verified = verifyAttestation(bundle, await artifacts.get(artifact.digest), {
      trustedRoot: sigstore.trustedRoot,
      identity: { subjectAlternativeName: subject, issuer },
    });
    expect(`sha256:${verified.statement.subject[0]?.digest['sha256'] ?? ''}`).toBe(artifact.digest);
  });
});
