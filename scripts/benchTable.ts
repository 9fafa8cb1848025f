// Rewrites the table between the bench markers in README.md from bench/results.json, so the README
// always shows the figures of the last `npm run bench`. Run: node scripts/benchTable.ts
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  goal: string;
  met: boolean;
}

const root = join(import.meta.dirname, '..');
const number = (n: number): string =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2);

export function benchTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) =>
    [
      f.name,
      `${number(f.value)} ${f.unit}`,
      f.baseline === undefined ? '' : `${number(f.baseline)} ${f.unit}`,
      f.ratio === undefined ? '' : f.ratio.toFixed(2),
      f.goal,
      f.met ? 'yes' : '**no**',
    ].join(' | '),
  );
  return [
    '| figure | value | baseline (same run) | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

if (import.meta.main) {
  const figures = JSON.parse(await readFile(join(root, 'bench', 'results.json'), 'utf8')) as Figure[];
  const readmePath = join(root, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf('<!-- bench:start -->');
  const end = readme.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start)
    throw new Error('README.md has no <!-- bench:start --> … <!-- bench:end --> block');
  const table = `<!-- bench:start -->\n${benchTable(figures)}\n<!-- bench:end -->`;
  await writeFile(
    readmePath,
    readme.slice(0, start) + table + readme.slice(end + '<!-- bench:end -->'.length),
  );
  process.stdout.write('README.md benchmark table updated\n');
}
