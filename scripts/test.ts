// `npm test` / `./dev test`: every check CI runs, saying which one runs and how long each took, then
// where the time went (the steps, and the slowest test files). Extra arguments go to vitest.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSteps } from './ci/runSteps.ts';
import { slowestTests } from './ci/slowestTests.ts';

const root = join(import.meta.dirname, '..');
const log = (line: string): void => void process.stderr.write(`test: ${line}\n`);
const npx = (...args: string[]) => ({ command: 'npx', args });
const dir = await mkdtemp(join(tmpdir(), 'shiplog-test-'));
const report = join(dir, 'vitest.json');
try {
  const times = await runSteps(
    [
      { name: 'typecheck', ...npx('tsc', '-b') },
      { name: 'lint', ...npx('eslint', '--max-warnings', '0', '.') },
      { name: 'format', ...npx('prettier', '--check', '.') },
      {
        name: 'tests',
        ...npx(
          'vitest',
          'run',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${report}`,
          ...process.argv.slice(2),
        ),
      },
    ],
    { cwd: root, log },
  );
  log('where the time went:');
  for (const t of times) log(`${t.seconds.toFixed(1).padStart(7)} s  ${t.name}${t.ok ? '' : ' (failed)'}`);
  const tests = await readFile(report, 'utf8').then(
    (text) => slowestTests(JSON.parse(text), root),
    () => [],
  );
  if (tests.length > 0) log('slowest test files:');
  for (const line of tests) log(line);
  process.exitCode = times.every((t) => t.ok) && times.length === 4 ? 0 : 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
