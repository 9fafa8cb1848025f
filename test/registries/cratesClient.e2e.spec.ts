import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryErrorCode, createCratesClient, isRetryable, sha256Digest } from '@shiplog/registries';
import type { PublishReceipt } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCratesTestServer } from '../support/registries/cratesTestServer.ts';
import { editFile, packageFixtureCrates } from '../support/registries/fixtures.ts';
import { cratesTargets, cratesTestServerTarget } from './cratesTargets.ts';
import type { CratesTarget } from './cratesTargets.ts';
import { codeOf } from '@shiplog/events/testing';

interface Crates {
  core: Uint8Array;
  calc: Uint8Array;
  /** shiplog-fixture-core 1.2.0 with other sources: same version, other bytes. */
  coreOther: Uint8Array;
  /** shiplog-fixture-core 1.3.0, never published by the shared suite. */
  coreNext: Uint8Array;
}

const dirs: string[] = [];
let crates: Crates;

beforeAll(async () => {
  const plain = await packageFixtureCrates();
  const other = await packageFixtureCrates((dir) =>
    editFile(join(dir, 'fixture-core', 'src', 'lib.rs'), (t) => `${t}\n// rebuilt with other bytes\n`),
  );
  const next = await packageFixtureCrates((dir) =>
    editFile(join(dir, 'fixture-core', 'Cargo.toml'), (t) =>
      t.replace('version = "1.2.0"', 'version = "1.3.0"'),
    ),
  );
  dirs.push(...[plain, other, next].map((p) => join(p.dir, '..')));
  crates = { core: plain.core, calc: plain.calc, coreOther: other.core, coreNext: next.core };
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe.each(cratesTargets(process.env))('crates client against $name', (factory) => {
  let target: CratesTarget;
  beforeAll(async () => {
    target = await factory.start();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('publishes core then calc and finds each in the sparse index with its sha256', async () => {
    const receipts: PublishReceipt[] = [];
    for (const crate of [crates.core, crates.calc]) {
      const receipt = await target.client.publish(crate, { expectedDigest: sha256Digest(crate) });
      receipts.push(receipt);
      expect(receipt.digest).toBe(sha256Digest(crate));
      expect(receipt.version).toBe('1.2.0');
      const found = await target.client.lookup(receipt.name, '1.2.0');
      expect(found).toMatchObject({ state: 'present', digest: sha256Digest(crate) });
    }
    expect(receipts.map((r) => r.name)).toEqual(['shiplog-fixture-core', 'shiplog-fixture-calc']);
    if (target.server !== undefined) {
      expect(receipts.map((r) => r.alreadyPublished)).toEqual([false, false]);
      expect(target.server.uploads).toBe(2);
    }
  });

  it('answers a re-publish of the same bytes with alreadyPublished and uploads nothing', async () => {
    const uploads = target.server?.uploads;
    const receipt = await target.client.publish(crates.core);
    expect(receipt).toMatchObject({
      alreadyPublished: true,
      digest: sha256Digest(crates.core),
      version: '1.2.0',
    });
    expect(target.server?.uploads).toBe(uploads);
  });

  it('refuses other bytes under a published version with VERSION_EXISTS_OTHER_BYTES', async () => {
    expect(sha256Digest(crates.coreOther)).not.toBe(sha256Digest(crates.core));
    expect(await codeOf(target.client.publish(crates.coreOther))).toBe(
      RegistryErrorCode.VersionExistsOtherBytes,
    );
    expect(await target.client.lookup('shiplog-fixture-core', '1.2.0')).toMatchObject({
      digest: sha256Digest(crates.core),
    });
  });

  it('refuses bytes other than the recorded digest with DIGEST_MISMATCH before any upload', async () => {
    const code = await codeOf(
      target.client.publish(crates.coreNext, { expectedDigest: sha256Digest(crates.core) }),
    );
    expect(code).toBe(RegistryErrorCode.DigestMismatch);
    expect(await target.client.lookup('shiplog-fixture-core', '1.3.0')).toEqual({ state: 'absent' });
  });

  it('yanks and unyanks, and the index shows it', async () => {
    await target.client.yank('shiplog-fixture-calc', '1.2.0');
    expect(await target.client.lookup('shiplog-fixture-calc', '1.2.0')).toMatchObject({
      state: 'present',
      yanked: true,
    });
    await target.client.unyank('shiplog-fixture-calc', '1.2.0');
    expect(await target.client.lookup('shiplog-fixture-calc', '1.2.0')).toMatchObject({
      state: 'present',
      yanked: false,
    });
  });

  it('reports a refused token as REGISTRY_AUTH_FAILED', async () => {
    expect(await codeOf(target.badTokenClient.publish(crates.coreNext))).toBe(RegistryErrorCode.AuthFailed);
  });

  it('reports an absent crate as absent and a file that is not a crate as ARTIFACT_INVALID', async () => {
    expect(await target.client.lookup('shiplog-fixture-never-published', '0.0.1')).toEqual({
      state: 'absent',
    });
    expect(await codeOf(target.client.publish(new TextEncoder().encode('not a crate')))).toBe(
      RegistryErrorCode.ArtifactInvalid,
    );
  });
});

describe('crates client when the registry misbehaves (test server switches)', () => {
  let target: CratesTarget;
  beforeAll(async () => {
    target = await cratesTestServerTarget.start();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('turns a 429 into REGISTRY_RATE_LIMITED with the retry time, and publishes once it passes', async () => {
    const server = target.server!;
    const retryAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
    server.rateLimitPublishes(1, retryAt);
    const error = await target.client.publish(crates.core).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: RegistryErrorCode.RateLimited, retryAfter: retryAt });
    expect(isRetryable(error)).toBe(true);
    expect(server.uploads).toBe(0);
    const receipt = await target.client.publish(crates.core);
    expect(receipt.alreadyPublished).toBe(false);
    expect(server.uploads).toBe(1);
  });

  it.each(['refuse', '503'] as const)(
    'reports an outage (%s) as REGISTRY_UNAVAILABLE, then works again',
    async (mode) => {
      const server = target.server!;
      await server.goDown(mode);
      try {
        const error = await target.client.publish(crates.calc).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: RegistryErrorCode.Unavailable });
        expect(isRetryable(error)).toBe(true);
      } finally {
        await server.restore();
      }
      expect((await target.client.publish(crates.calc)).digest).toBe(sha256Digest(crates.calc));
    },
  );

  it('waits for a lagging index before answering, so the receipt means "resolvable"', async () => {
    const lagging = await startCratesTestServer({ indexLagMs: 400 });
    try {
      const client = createCratesClient({
        apiUrl: lagging.url,
        indexUrl: lagging.indexUrl,
        token: lagging.token,
        indexPollMs: 50,
      });
      const receipt = await client.publish(crates.core);
      expect(receipt.details['indexed']).toBe(true);
      expect(await client.lookup('shiplog-fixture-core', '1.2.0')).toMatchObject({
        state: 'present',
        digest: receipt.digest,
      });
    } finally {
      await lagging.close();
    }
  });

  it('reports a crate the registry rejects (no licence) as REGISTRY_REJECTED', async () => {
    const unlicensed = await packageFixtureCrates((dir) =>
      editFile(join(dir, 'fixture-core', 'Cargo.toml'), (t) =>
        t.replace('license = "Apache-2.0"\n', '').replace('version = "1.2.0"', 'version = "1.4.0"'),
      ),
    );
    dirs.push(join(unlicensed.dir, '..'));
    expect(await codeOf(target.client.publish(unlicensed.core))).toBe(RegistryErrorCode.Rejected);
  });
});
