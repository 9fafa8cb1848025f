// The benchmark harness (`npm run bench [-- --quick] [-- --only <module>]`): runs every
// bench/*.bench.ts module, prints a table, writes bench/results.json. With --only, the new
// figures replace those of the same name in an existing results.json; the others stay.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLedger } from './benchLedger.ts';
import type { BenchContext, BenchModule, Figure } from './benchTypes.ts';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } },
});
const benchDir = import.meta.dirname;
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
const ledgers = new Map<number, Promise<string>>();
const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
const ctx: BenchContext = {
  quick: values.quick,
  dir,
  log,
  ledger(events) {
    let ledger = ledgers.get(events);
    if (ledger === undefined) {
      log(`building a ${events}-event ledger`);
      ledger = buildLedger(dir, events, log);
      ledgers.set(events, ledger);
    }
    return ledger;
  },
};

const figures: Figure[] = [];
try {
  for (const name of modules) {
    log(`running ${name}`);
    try {
      const module = (await import(join(benchDir, `${name}.bench.ts`))) as BenchModule;
      figures.push(...(await module.run(ctx)));
    } catch (err) {
      // One broken module must not cost the figures of the others; the run still fails.
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
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
const out = join(benchDir, 'results.json');
const kept =
  values.only === undefined || !existsSync(out)
    ? []
    : (JSON.parse(await readFile(out, 'utf8')) as Figure[]).filter(
        (old) => !figures.some((f) => f.name === old.name),
      );
await writeFile(out, `${JSON.stringify([...kept, ...figures], null, 2)}\n`);
log(`wrote ${out}${values.quick ? ' (quick sizes)' : ''}`);
