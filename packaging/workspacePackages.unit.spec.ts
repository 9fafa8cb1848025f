import { describe, expect, it } from 'vitest';
import { publishedClosure } from './workspacePackages.ts';
import type { Manifest, WorkspacePackage } from './workspacePackages.ts';

const workspace = (...manifests: Manifest[]): Map<string, WorkspacePackage> =>
  new Map(manifests.map((m) => [m.name, { dir: `/repo/${m.name}`, manifest: m }]));

describe('publishedClosure', () => {
  it('takes the roots and the workspace packages they reach through dependencies, never devDependencies', () => {
    const packages = workspace(
      { name: '@s/cli', version: '1.0.0', dependencies: { '@s/sdk': '1.0.0', zod: '^4' } },
      { name: '@s/sdk', version: '1.0.0', dependencies: { '@s/events': '1.0.0' } },
      // A workspace package.json has devDependencies too; packing never follows them.
      { name: '@s/events', version: '1.0.0', devDependencies: { '@s/test': '1.0.0' } } as Manifest,
      { name: '@s/test', version: '1.0.0', private: true },
      { name: '@s/unused', version: '1.0.0' },
    );
    expect(publishedClosure(packages, ['@s/cli']).map((p) => p.manifest.name)).toEqual([
      '@s/cli',
      '@s/events',
      '@s/sdk',
    ]);
  });

  it('refuses a private package or an unknown one in the closure, naming who depends on it', () => {
    const packages = workspace(
      { name: '@s/cli', version: '1.0.0', dependencies: { '@s/test': '1.0.0' } },
      { name: '@s/test', version: '1.0.0', private: true },
    );
    expect(() => publishedClosure(packages, ['@s/cli'])).toThrow(
      '@s/cli depends on @s/test, which is private',
    );
    expect(() => publishedClosure(packages, ['@s/sdk'])).toThrow(
      'depends on @s/sdk, which is no workspace package',
    );
  });
});
