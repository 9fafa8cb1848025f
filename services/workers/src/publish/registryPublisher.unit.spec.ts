import { sha256Digest } from '@shiplog/registries';
import { parseReleaseManifest } from '@shiplog/release';
import { describe, expect, it } from 'vitest';
import { npmTarball } from '@shiplog/release/testing/releaseFiles.ts';
import { registryPublisher } from './registryPublisher.ts';

function npmPackage(name: string, access?: 'public' | 'restricted') {
  const manifest = parseReleaseManifest({
    release: 'r',
    version: '0.1.25',
    packages: [
      {
        name,
        ecosystem: 'npm',
        build: { source: '.', command: ['npm', 'pack'], outputs: ['x.tgz'] },
        registry: {
          url: 'http://registry.test/',
          credentials: { from: 'env', variable: 'NPM_TOKEN' },
          ...(access === undefined ? {} : { access }),
        },
      },
    ],
  });
  return manifest.packages[0]!;
}

/** The `access` of the publish body the registry is sent for `name`. */
async function accessSent(name: string, access?: 'public' | 'restricted'): Promise<unknown> {
  const bodies: string[] = [];
  const publisher = registryPublisher(npmPackage(name, access), {
    version: '0.1.25',
    credential: 't0k',
    stagingTag: 'shiplog-staging',
    fetch: (_input, init) => {
      if (init?.method === 'PUT') bodies.push(init.body as string);
      return Promise.resolve(
        new Response(init?.method === 'PUT' ? '{"ok":true}' : '{}', {
          status: init?.method === 'PUT' ? 201 : 404,
        }),
      );
    },
  });
  const bytes = npmTarball({ name, version: '0.1.25', main: 'index.js' });
  await publisher.publish({
    bytes,
    fileName: 'x.tgz',
    digest: sha256Digest(bytes),
    builtAt: '2026-01-01T00:00:00Z',
  });
  return (JSON.parse(bodies[0] ?? '{}') as { access?: unknown }).access;
}

describe('npm access of a release package', () => {
  it('is public for a scoped package unless the manifest says otherwise', async () => {
    expect(await accessSent('@ruvector/core')).toBe('public');
    expect(await accessSent('@ruvector/core', 'restricted')).toBe('restricted');
    expect(await accessSent('ruvector')).toBeNull();
  });
});
