import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReleaseErrorCode } from './errors.ts';
import { readReleaseManifest } from './readReleaseManifest.ts';

/** A Cargo workspace of `deps.length` crates; crate i uses the crates `deps[i]` (all < i). */
const workspace = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
  )
  .chain((deps) =>
    fc.record({
      deps: fc.constant(deps),
      // Which crates the manifest releases (the others stay in the workspace, unpublished).
      released: fc.subarray(
        deps.map((_, i) => i),
        { minLength: 1 },
      ),
      renamed: fc.boolean(),
    }),
  );

const crate = (i: number): string => `rv-crate-${i}`;

async function writeWorkspace(
  dir: string,
  deps: readonly (readonly number[])[],
  renamed: boolean,
): Promise<void> {
  const members = deps.map((_, i) => `crates/c${i}`);
  await writeFile(
    join(dir, 'Cargo.toml'),
    `[workspace]\nmembers = [${members.map((m) => `"${m}"`).join(', ')}]\n`,
  );
  for (const [i, uses] of deps.entries()) {
    await mkdir(join(dir, 'crates', `c${i}`), { recursive: true });
    const lines = uses.map((j) =>
      renamed && j % 2 === 0
        ? `alias${j} = { package = "${crate(j)}", path = "../c${j}", version = "0.1.25" }`
        : `${crate(j)} = { path = "../c${j}", version = "0.1.25" }`,
    );
    await writeFile(
      join(dir, 'crates', `c${i}`, 'Cargo.toml'),
      `[package]\nname = "${crate(i)}"\nversion = "0.1.25"\n\n[dependencies]\n${lines.join('\n')}\n\n[dev-dependencies]\n${crate(deps.length)} = { path = "../none" }\n`,
    );
  }
}

async function manifestFile(
  dir: string,
  released: readonly number[],
  edges: (i: number) => string[],
): Promise<string> {
  const file = join(dir, 'release.json');
  await writeFile(
    file,
    JSON.stringify({
      release: 'rv',
      version: '0.1.25',
      packages: released.map((i) => ({
        name: crate(i),
        ecosystem: 'cargo',
        build: {
          source: '.',
          command: ['cargo', 'package', '-p', crate(i)],
          outputs: [`target/package/${crate(i)}-\${version}.crate`],
        },
        dependsOn: edges(i),
        registry: {
          url: 'https://example.invalid',
          index: 'sparse+https://example.invalid/index/',
          credentials: { from: 'env', variable: 'T' },
        },
      })),
    }),
  );
  return file;
}

describe('dependsOn derived from a generated Cargo workspace', () => {
  it('holds exactly the released crates each crate uses, whatever was written by hand', async () => {
    await fc.assert(
      fc.asyncProperty(workspace, fc.boolean(), async ({ deps, released, renamed }, handWritten) => {
        const dir = await mkdtemp(join(tmpdir(), 'shiplog-derive-'));
        try {
          await writeWorkspace(dir, deps, renamed);
          const wanted = (i: number): string[] =>
            (deps[i] ?? []).filter((j) => released.includes(j)).map(crate);
          const file = await manifestFile(dir, released, (i) => (handWritten ? wanted(i).slice(0, 1) : []));
          const manifest = await readReleaseManifest(file);
          for (const pkg of manifest.packages) {
            const i = Number(pkg.name.split('-').at(-1));
            expect([...pkg.dependsOn].sort()).toEqual(wanted(i).sort());
            expect(pkg.build.outputs).toEqual([`target/package/${pkg.name}-0.1.25.crate`]);
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a hand-written edge the Cargo.toml contradicts: MANIFEST_DEPENDENCY_CONTRADICTED at its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-derive-'));
    try {
      await writeWorkspace(dir, [[], [0], []], false);
      const file = await manifestFile(dir, [0, 1, 2], (i) => (i === 1 ? [crate(0), crate(2)] : []));
      const refused = await readReleaseManifest(file).catch((err: unknown) => err);
      expect(refused).toMatchObject({
        code: ReleaseErrorCode.DependencyContradicted,
        problems: [{ path: 'packages[1].dependsOn[1]' }],
      });
      expect((refused as Error).message).toContain('crates/c1/Cargo.toml');
      // The other way round from what the files say: c0 first, c1 (which uses it) after.
      const inverted = await manifestFile(dir, [0, 1, 2], (i) => (i === 0 ? [crate(1)] : []));
      const contradicted = await readReleaseManifest(inverted).catch((err: unknown) => err);
      expect(contradicted).toMatchObject({
        code: ReleaseErrorCode.DependencyContradicted,
        problems: [{ path: 'packages[0].dependsOn[0]' }],
      });
      expect((contradicted as Error).message).toContain('rv-crate-0 goes out first');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
