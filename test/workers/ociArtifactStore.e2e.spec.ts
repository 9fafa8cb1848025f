import { createHash } from 'node:crypto';
import { createOciClient } from '@shiplog/registries';
import { createOciArtifactStore, WorkerErrorCode } from '@shiplog/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerRegistry } from '../support/registries/dockerRegistry.ts';
import type { DockerRegistry } from '../support/registries/dockerRegistry.ts';

let registry: DockerRegistry;
beforeAll(async () => {
  registry = await startDockerRegistry();
});
afterAll(async () => registry?.close());

const open = () =>
  createOciArtifactStore({
    client: createOciClient({ registryUrl: registry.url }),
    registryUrl: registry.url,
    repository: 'shiplog/artifacts',
  });

describe('the artifact store in a real OCI registry (docker-registry)', () => {
  it('stores bytes under their sha256, gives them back, and knows what it has', async () => {
    const store = open();
    const bytes = new TextEncoder().encode('a build output\n'.repeat(1000));
    const hex = createHash('sha256').update(bytes).digest('hex');
    expect(await store.has(`sha256:${hex}`)).toBe(false);
    const blob = await store.put(bytes);
    expect(blob.digest).toBe(`sha256:${hex}`);
    expect(blob.sha512).toBe(`sha512:${createHash('sha512').update(bytes).digest('hex')}`);
    expect(blob.location).toBe(`${registry.url}/v2/shiplog/artifacts/blobs/sha256:${hex}`);
    expect(await store.has(blob.digest)).toBe(true);
    expect(Buffer.from(await open().get(blob.digest)).equals(Buffer.from(bytes))).toBe(true);
    expect((await store.put(bytes)).digest).toBe(blob.digest);
  });

  it('answers ARTIFACT_MISSING for bytes it never stored', async () => {
    await expect(open().get(`sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({
      code: WorkerErrorCode.ArtifactMissing,
    });
  });
});
