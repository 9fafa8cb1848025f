// The benchmark harness (`npm run bench [-- --quick] [-- --only <module>] [-- --write]`): runs every
// bench/*.bench.ts module, each in a fresh process of its own, prints a table, writes the figures to
// bench/out/results.json, or with --write to the tracked bench/results.json. With --only, the new
// figures replace those of the same name in an existing file; the others stay.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseBenchArgs } from './benchArgs.ts';
import { buildLedger } from './benchLedger.ts';
import type { BenchContext, BenchModule, Figure } from './benchTypes.ts';

const benchDir = import.meta.dirname;
const values = parseBenchArgs(process.argv.slice(2), benchDir);
const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
const FIGURES = 'bench-figures ';

/** A child: one module in a fresh process, its figures as one line on stdout. */
async function runModule(name: string, dir: string): Promise<void> {
  const ctx: BenchContext = {
    quick: values.quick,
    dir,
    log,
    async ledger(events) {
      // Shared between the modules of a run through the directory; the marker says it is whole.
      const path = join(dir, `ledger-${events}.db`);
      if (existsSync(`${path}.complete`)) return path;
      log(`building a ${events}-event ledger`);
      await rm(path, { force: true });
      await buildLedger(dir, events, log);
      await writeFile(`${path}.complete`, '');
      return path;
    },
  };
  const module = (await import(join(benchDir, `${name}.bench.ts`))) as BenchModule;
  process.stdout.write(`${FIGURES}${JSON.stringify(await module.run(ctx))}\n`);
}

/** Runs a module in its own process, so no module's threads, sockets or heap slow the next one. */
function runInChild(name: string, dir: string): Promise<Figure[]> {
  const args = [import.meta.filename, '--module', name, '--dir', dir, ...(values.quick ? ['--quick'] : [])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      const line = stdout.split('\n').find((l) => l.startsWith(FIGURES));
      if (err !== null || line === undefined) reject(err ?? new Error('no figures'));
      else resolve(JSON.parse(line.slice(FIGURES.length)) as Figure[]);
    }).stderr?.pipe(process.stderr);
  });
}

if (values.module !== undefined) {
  await runModule(values.module, values.dir ?? tmpdir());
  process.exit(0);
}

const modules = (await readdir(benchDir))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .filter((name) => values.only === undefined || values.only.includes(name))
  .sort();
if (modules.length === 0) {
  process.stderr.write(`bench: no module matches --only ${String(values.only)}\n`);
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), 'shiplog-bench-'));
const figures: Figure[] = [];
try {
  for (const name of modules) {
    log(`running ${name}`);
    try {
      figures.push(...(await runInChild(name, dir)));
    } catch (err) {
      // One broken module must not cost the figures of the others; the run still fails.
      log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const round = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));
const rows = figures.map((f) => [
  f.name,
  `${round(f.value)} ${f.unit}`,
  f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit}`,
  f.ratio === undefined ? '' : f.ratio.toFixed(2),
  f.goal,
  f.met ? 'yes' : 'NO',
]);
const header = ['figure', 'value', 'baseline', 'ratio', 'goal', 'met'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
for (const row of [header, ...rows]) {
  process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`);
}
const { out } = values;
await mkdir(dirname(out), { recursive: true });
const kept =
  values.only === undefined || !existsSync(out)
    ? []
    : (JSON.parse(await readFile(out, 'utf8')) as Figure[]).filter(
        (old) => !figures.some((f) => f.name === old.name),
      );
await writeFile(out, `${JSON.stringify([...kept, ...figures], null, 2)}\n`);
const untracked = out !== join(benchDir, 'results.json');
log(
  `wrote ${out}${values.quick ? ' (quick sizes)' : ''}` +
    (untracked ? '; with --write the tracked bench/results.json is updated instead' : ''),
);
