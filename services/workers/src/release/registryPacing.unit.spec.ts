import { parseReleaseManifest } from '@shiplog/release';
import type { ReleasePackage } from '@shiplog/release';
import { describe, expect, it } from 'vitest';
import { registryPacing } from './registryPacing.ts';

function packages(paceSeconds: number): ReleasePackage[] {
  const at = (name: string, url: string) => ({
    name,
    ecosystem: 'npm',
    build: { source: '.', command: ['npm', 'pack'], outputs: ['x.tgz'] },
    registry: { url, credentials: { from: 'env', variable: 'NPM_TOKEN' }, paceSeconds },
  });
  return [
    ...parseReleaseManifest({
      release: 'r',
      version: '1.0.0',
      packages: [
        at('a', 'http://one.test/'),
        at('b', 'http://one.test/'),
        at('c', 'http://one.test/'),
        at('d', 'http://two.test/'),
      ],
    }).packages,
  ];
}

describe('pacing between publishes per registry', () => {
  it('spaces uploads to one registry by paceSeconds, not another registry, and not after nothing was uploaded', async () => {
    const waits: string[] = [];
    const paced = registryPacing((pkg, seconds) => waits.push(`${pkg.name} ${seconds}s`));
    const started: Record<string, number> = {};
    const t0 = Date.now();
    const publish = (pkg: ReleasePackage, status: string) =>
      paced(pkg, () => {
        started[pkg.name] = Date.now() - t0;
        return Promise.resolve({ status });
      });
    const [a, b, c, d] = packages(0.3);
    await Promise.all([
      publish(a!, 'published'),
      publish(b!, 'already-published'),
      publish(c!, 'published'),
      publish(d!, 'published'),
    ]);
    expect(started['a']).toBeLessThan(150);
    expect(started['d']).toBeLessThan(150);
    // b waits for a's pause; c follows b at once, since b uploaded nothing.
    expect(started['b']).toBeGreaterThanOrEqual(280);
    expect((started['c'] ?? 0) - (started['b'] ?? 0)).toBeLessThan(150);
    expect(waits).toEqual(['b 1s']);
  });

  it('holds nothing back without a pace', async () => {
    const paced = registryPacing(() => undefined);
    const t0 = Date.now();
    for (const pkg of packages(0)) await paced(pkg, () => Promise.resolve({ status: 'published' }));
    expect(Date.now() - t0).toBeLessThan(100);
  });
});
