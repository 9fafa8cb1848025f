import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RegistryErrorCode, isRetryable, sha256Digest } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixturePython, editFile } from '../support/registries/fixtures.ts';
import { pypiTargets, pypiTestServerTarget } from './pypiTargets.ts';
import type { PypiTarget } from './pypiTargets.ts';
import { codeOf } from '@shiplog/events/testing';

interface Dist {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

const dirs: string[] = [];
let wheel: Dist;
let sdist: Dist;
let otherWheel: Dist;

const load = async (path: string): Promise<Dist> => ({
  filename: basename(path),
  bytes: await readFile(path),
});

// A real PyPI never takes a file name twice (not even after deletion) and setuptools stamps sdists
// with the build time, so against a real index each run publishes a fresh post-release.
const version = pypiTargets(process.env).length > 1 ? `1.2.0.post${Math.floor(Date.now() / 1000)}` : '1.2.0';
const setVersion = (dir: string): Promise<void> =>
  editFile(join(dir, 'pyproject.toml'), (t) => t.replace('version = "1.2.0"', `version = "${version}"`));

beforeAll(async () => {
  const built = await buildFixturePython(setVersion);
  const other = await buildFixturePython(async (dir) => {
    await setVersion(dir);
    await editFile(join(dir, 'shiplog_fixture', '__init__.py'), (t) => `${t}\n# rebuilt with other bytes\n`);
  });
  dirs.push(join(built.dir, '..'), join(other.dir, '..'));
  [wheel, sdist, otherWheel] = await Promise.all([load(built.wheel), load(built.sdist), load(other.wheel)]);
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe.each(pypiTargets(process.env))('PyPI client against $name', (factory) => {
  let target: PypiTarget;
  beforeAll(async () => {
    target = await factory.start();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('uploads the wheel and the sdist and finds each in the simple index with its sha256', async () => {
    for (const dist of [wheel, sdist]) {
      const receipt = await target.client.publish(dist.bytes, dist.filename, {
        expectedDigest: sha256Digest(dist.bytes),
      });
      expect(receipt).toMatchObject({
        ecosystem: 'pypi',
        name: 'shiplog-fixture',
        version,
        digest: sha256Digest(dist.bytes),
      });
      if (target.server !== undefined) expect(receipt.alreadyPublished).toBe(false);
      expect(await target.client.lookup('shiplog_fixture', version, dist.filename)).toEqual({
        state: 'present',
        digest: sha256Digest(dist.bytes),
      });
    }
    expect(target.server?.uploads ?? 2).toBe(2);
  });

  it('answers a re-upload of the same file with alreadyPublished and uploads nothing', async () => {
    const receipt = await target.client.publish(wheel.bytes, wheel.filename);
    expect(receipt.alreadyPublished).toBe(true);
    expect(target.server?.uploads ?? 2).toBe(2);
  });

  it('refuses other bytes under an existing file name with VERSION_EXISTS_OTHER_BYTES', async () => {
    expect(otherWheel.filename).toBe(wheel.filename);
    expect(await codeOf(target.client.publish(otherWheel.bytes, otherWheel.filename))).toBe(
      RegistryErrorCode.VersionExistsOtherBytes,
    );
  });

  it('refuses bytes other than the recorded digest with DIGEST_MISMATCH', async () => {
    expect(
      await codeOf(
        target.client.publish(otherWheel.bytes, wheel.filename, {
          expectedDigest: sha256Digest(wheel.bytes),
        }),
      ),
    ).toBe(RegistryErrorCode.DigestMismatch);
  });

  it('reports a refused token as REGISTRY_AUTH_FAILED and a non-distribution as ARTIFACT_INVALID', async () => {
    expect(
      await codeOf(target.badTokenClient.publish(sdist.bytes, `shiplog_fixture-${version}.tar.gz`)),
    ).toBe(RegistryErrorCode.AuthFailed);
    expect(
      await codeOf(target.client.publish(new TextEncoder().encode('no zip'), 'x-1.0-py3-none-any.whl')),
    ).toBe(RegistryErrorCode.ArtifactInvalid);
    expect(await target.client.lookup('shiplog-fixture-never-published', '1.0', 'x.whl')).toEqual({
      state: 'absent',
    });
  });
});

describe('PyPI client when the index misbehaves (test server switches)', () => {
  let target: PypiTarget;
  const now = new Date('2026-01-02T03:04:05Z');
  beforeAll(async () => {
    target = await pypiTestServerTarget.start(() => now);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('turns a 429 into REGISTRY_RATE_LIMITED with retryAfter from Retry-After seconds', async () => {
    const server = target.server!;
    server.rateLimitUploads(1, 30);
    const error = await target.client.publish(wheel.bytes, wheel.filename).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: RegistryErrorCode.RateLimited,
      retryAfter: new Date(now.getTime() + 30_000),
    });
    expect(server.uploads).toBe(0);
    expect((await target.client.publish(wheel.bytes, wheel.filename)).alreadyPublished).toBe(false);
  });

  it.each(['refuse', '503'] as const)(
    'reports an outage (%s) as REGISTRY_UNAVAILABLE, then works again',
    async (mode) => {
      const server = target.server!;
      await server.goDown(mode);
      try {
        const error = await target.client.publish(sdist.bytes, sdist.filename).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: RegistryErrorCode.Unavailable });
        expect(isRetryable(error)).toBe(true);
      } finally {
        await server.restore();
      }
      expect((await target.client.publish(sdist.bytes, sdist.filename)).digest).toBe(
        sha256Digest(sdist.bytes),
      );
    },
  );

  it('refuses a second sdist for one release with REGISTRY_REJECTED', async () => {
    expect(await codeOf(target.client.publish(sdist.bytes, `shiplog_fixture-${version}.tar.gz`))).toBe(
      RegistryErrorCode.Rejected,
    );
  });

  it('passes PEP 740 attestations through as the attestations field', async () => {
    const attestation = {
      version: 1,
      verification_material: { certificate: 'MII…', transparency_entries: [] },
      envelope: { statement: 'e30=', signature: 'c2ln' },
    };
    await target.client.publish(
      otherWheel.bytes,
      otherWheel.filename.replace('py3-none-any', 'py311-none-any'),
      { attestations: [attestation] },
    );
    expect(target.server!.lastAttestations).toEqual([attestation]);
  });
});
