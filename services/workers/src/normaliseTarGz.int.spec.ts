import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTarGz } from '@shiplog/sbom';
import { afterAll, describe, expect, it } from 'vitest';
import { normaliseTarGz } from './normaliseTarGz.ts';

const dir = mkdtempSync(join(tmpdir(), 'shiplog-targz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const long = `pkg-1.0/${'deep/'.repeat(25)}module.py`;

/** A tar.gz made by GNU tar from the same files, with the given mtime, owner and member order. */
function archive(name: string, mtime: string, owner: string, order: string[]): Uint8Array {
  const src = join(dir, `${name}-src`);
  mkdirSync(join(src, 'pkg-1.0', ...'deep/'.repeat(25).split('/').filter(Boolean)), { recursive: true });
  writeFileSync(join(src, 'pkg-1.0', 'PKG-INFO'), 'Metadata-Version: 2.1\nName: pkg\n');
  writeFileSync(join(src, 'pkg-1.0', 'setup.py'), 'print(1)\n');
  writeFileSync(join(src, long), 'x = 1\n');
  const out = join(dir, `${name}.tar.gz`);
  execFileSync('tar', [
    '-czf',
    out,
    '-C',
    src,
    `--mtime=${mtime}`,
    `--owner=${owner}`,
    '--no-recursion',
    ...order,
  ]);
  return readFileSync(out);
}

describe('normaliseTarGz', () => {
  it('gives the same bytes for the same files whatever their mtimes, owners and order', () => {
    const files = ['pkg-1.0/PKG-INFO', 'pkg-1.0/setup.py', long];
    const a = archive('a', '2024-01-01 00:00:00', 'alice', files);
    const b = archive('b', '2025-06-30 12:00:00', 'bob', [...files].reverse());
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).not.toBe(0);
    const na = normaliseTarGz(a, 1_700_000_000);
    const nb = normaliseTarGz(b, 1_700_000_000);
    expect(na).toBeDefined();
    expect(Buffer.from(na ?? []).equals(Buffer.from(nb ?? []))).toBe(true);
    // Same content, long names kept (pax), and GNU tar itself reads it back.
    const content = (bytes: Uint8Array) =>
      readTarGz(bytes)
        .map((e) => `${e.path}:${Buffer.from(e.data).toString()}`)
        .sort();
    expect(content(na ?? new Uint8Array())).toEqual(content(a));
    writeFileSync(join(dir, 'n.tar.gz'), na ?? new Uint8Array());
    const listing = execFileSync('tar', ['-tzvf', join(dir, 'n.tar.gz')], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    expect(listing).toContain(long);
    expect(listing).toContain('root/root');
    expect(listing).toContain('2023-11-14 22:13');
  });

  it('leaves an archive it cannot rewrite faithfully (a hard link) alone', () => {
    const src = join(dir, 'hard');
    mkdirSync(src);
    writeFileSync(join(src, 'a'), 'same');
    linkSync(join(src, 'a'), join(src, 'b'));
    execFileSync('tar', ['-czf', join(dir, 'hard.tar.gz'), '-C', src, 'a', 'b']);
    expect(normaliseTarGz(readFileSync(join(dir, 'hard.tar.gz')), 0)).toBeUndefined();
  });
});
