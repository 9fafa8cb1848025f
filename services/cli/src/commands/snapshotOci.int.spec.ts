import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCDEvent } from '@shiplog/events';
import type { DeployedAnswer } from '@shiplog/projections';
import { createOciClient, ociMediaType, sha256Digest } from '@shiplog/registries';
import type { OciClient } from '@shiplog/registries';
import { startDockerRegistry } from '@shiplog/test/registries/dockerRegistry.ts';
import type { DockerRegistry } from '@shiplog/test/registries/dockerRegistry.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../exitCodes.ts';
import { main } from '../main.ts';
import { captureIo } from '../testing/captureIo.ts';

// Seed 003's rollback.yml "retags prior images as latest": a change to what runs that CI never
// reports. A snapshot of the tag, read from a real registry (Debian's docker-registry), catches it.
const repository = 'acme/add';
const created = '2026-12-01T00:00:00Z';
const wasm = (version: number): Uint8Array =>
  new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0, version]);

describe('shiplog snapshot --from oci=… against docker-registry', () => {
  let registry: DockerRegistry;
  let client: OciClient;
  let dir: string;
  let env: Record<string, string>;
  const v1 = wasm(1);
  const v2 = wasm(2);

  async function shiplog(args: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
    const c = captureIo({ cwd: dir, env });
    const code = await main(args, c.io);
    return { code, out: c.out(), err: c.err() };
  }

  async function record(action: 'deployed' | 'rolledback', bytes: Uint8Array, at: string, service = 'add') {
    const event = createCDEvent(`dev.cdevents.service.${action}.0.3.0`, {
      id: `${action}-${service}-${at}`,
      source: '/ci/deployer',
      timestamp: at,
      subjectId: service,
      content: {
        environment: { id: 'production' },
        artifactId: `pkg:oci/${service}?checksum=${sha256Digest(bytes)}&tag=1.${bytes.at(-1)}.0`,
      },
    });
    await writeFile(join(dir, 'event.json'), JSON.stringify(event));
    expect((await shiplog(['emit', 'event.json'])).code).toBe(ExitCode.Done);
  }

  /** Points `tag` at the manifest `from` points at, as `docker tag` + `docker push` (or crane tag) do. */
  async function retag(from: string, tag: string): Promise<void> {
    const found = await client.fetchManifest(repository, from);
    if (found === undefined) throw new Error(`no ${from}`);
    await client.pushManifest(repository, tag, found.bytes, found.mediaType);
  }

  async function snapshotLatest(): Promise<{ code: ExitCode; drift: string[][] }> {
    const r = await shiplog([
      'snapshot',
      '--env',
      'production',
      '--from',
      `oci=${registry.url}/${repository}:latest`,
      '--json',
    ]);
    const document = JSON.parse(r.out) as { drift: { code: string; service: string }[] };
    return { code: r.code, drift: document.drift.map((d) => [d.code, d.service]) };
  }

  beforeAll(async () => {
    registry = await startDockerRegistry();
    client = createOciClient({ registryUrl: registry.url });
    dir = await mkdtemp(join(tmpdir(), 'shiplog-snapshot-oci-'));
    env = { SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}` };
    await client.publishWasm(repository, '1.1.0', v1, { created });
    await client.publishWasm(repository, '1.2.0', v2, { created });
  });
  afterAll(async () => {
    await registry?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('finds the tag on the recorded bytes: no drift, and deployed shows the observed module digest', async () => {
    await record('deployed', v2, '2026-12-01T10:00:00Z');
    await retag('1.2.0', 'latest');
    expect(await snapshotLatest()).toEqual({ code: ExitCode.Done, drift: [] });
    const answer = JSON.parse(
      (await shiplog(['deployed', '--env', 'production', '--json'])).out,
    ) as DeployedAnswer;
    expect(answer.services[0]?.observed).toMatchObject({ digests: [sha256Digest(v2)], drift: null });
  });

  it('catches a rollback done by retagging latest outside the pipeline as UNRECORDED_RUNTIME_CHANGE', async () => {
    await retag('1.1.0', 'latest');
    expect(await snapshotLatest()).toEqual({
      code: ExitCode.Done,
      drift: [['UNRECORDED_RUNTIME_CHANGE', 'add']],
    });
    const text = (await shiplog(['deployed', '--env', 'production'])).out;
    expect(text).toContain(`observed ${sha256Digest(v1)}`);
    expect(text).toContain('UNRECORDED_RUNTIME_CHANGE');
  });

  it('finds no drift once the rollback is recorded, as seed 001 wants it', async () => {
    await record('rolledback', v1, '2026-12-01T11:00:00Z');
    expect(await snapshotLatest()).toEqual({ code: ExitCode.Done, drift: [] });
  });

  it('names a container image by its manifest digest', async () => {
    const config = await client.pushBlob(
      'acme/web',
      new TextEncoder().encode('{"architecture":"amd64","os":"linux"}'),
      ociMediaType.imageConfig,
    );
    const layer = await client.pushBlob(
      'acme/web',
      new Uint8Array([1, 2, 3]),
      'application/vnd.oci.image.layer.v1.tar+gzip',
    );
    const pushed = await client.pushManifest('acme/web', '3.0', {
      schemaVersion: 2,
      mediaType: ociMediaType.imageManifest,
      config,
      layers: [layer],
    });
    const r = await shiplog([
      'snapshot',
      '--env',
      'staging',
      '--from',
      `oci=${registry.url}/acme/web:3.0`,
      '--json',
    ]);
    const document = JSON.parse(r.out) as {
      complete: boolean;
      observed: { service: string; digest: string }[];
    };
    expect(document.complete).toBe(false);
    expect(document.observed).toMatchObject([{ service: 'web', digest: pushed.digest }]);
  });

  it('reads a registry that wants credentials with --oci-auth-env, and says which variable is missing', async () => {
    const guarded = await startDockerRegistry({ auth: true });
    try {
      const credentials = guarded.credentials as { username: string; password: string };
      const pusher = createOciClient({ registryUrl: guarded.url, credentials });
      await pusher.publishWasm(repository, 'latest', v2, { created });
      const from = `oci=${guarded.url}/${repository}:latest`;
      const snapshot = (...extra: string[]) =>
        shiplog(['snapshot', '--env', 'production', '--from', from, ...extra]);
      const denied = await snapshot();
      expect(denied.code).toBe(ExitCode.Failure);
      expect(denied.err).toContain('401');
      expect(denied.err).toContain('--oci-auth-env');
      env = { ...env, GUARDED_OCI_AUTH: `${credentials.username}:${credentials.password}` };
      const read = await snapshot('--oci-auth-env', 'GUARDED_OCI_AUTH', '--json');
      expect(read.code).toBe(ExitCode.Done);
      expect(read.out).not.toContain(credentials.password);
      expect(JSON.parse(read.out)).toMatchObject({
        observed: [{ service: 'add', digest: sha256Digest(v2) }],
      });
      const missing = await snapshot('--oci-auth-env', 'NOPE');
      expect(missing.code).toBe(ExitCode.Usage);
      expect(missing.err).toContain('NOPE');
    } finally {
      await guarded.close();
    }
  });

  it('refuses a tag the registry does not have with exit 2 and SNAPSHOT_TAG_ABSENT', async () => {
    const r = await shiplog([
      'snapshot',
      '--env',
      'production',
      '--from',
      `oci=${registry.url}/${repository}:9.9.9`,
    ]);
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.err).toContain('SNAPSHOT_TAG_ABSENT');
  });
});
