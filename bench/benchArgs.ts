import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** What `npm run bench` was asked for. */
export interface BenchArgs {
  readonly quick: boolean;
  readonly only: readonly string[] | undefined;
  /** Where the figures are written: bench/out/results.json, or the tracked bench/results.json with --write. */
  readonly out: string;
  /** Internal: run one module in this process (the harness starts one process per module). */
  readonly module: string | undefined;
  readonly dir: string | undefined;
}

/**
 * Parses the bench's arguments. A leading `--` is dropped: `./dev bench -- --quick` and
 * `npm run bench -- -- --quick` pass one through, which would otherwise end the options and leave
 * `--quick` an unexpected positional.
 */
export function parseBenchArgs(argv: readonly string[], benchDir: string): BenchArgs {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      write: { type: 'boolean', default: false },
      module: { type: 'string' },
      dir: { type: 'string' },
    },
  });
  return {
    quick: values.quick,
    only: values.only,
    out: values.write ? join(benchDir, 'results.json') : join(benchDir, 'out', 'results.json'),
    module: values.module,
    dir: values.dir,
  };
}
