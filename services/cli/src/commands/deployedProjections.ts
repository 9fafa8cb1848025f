import { parseArgs } from 'node:util';
import { parseShiplogConfig } from '@shiplog/config';
import {
  openProjections,
  projectionsPathFor,
  ProjectionsError,
  ProjectionsErrorCode,
} from '@shiplog/projections';
import type { Projections } from '@shiplog/projections';
import { snapshotProducers } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import type { CommandIo } from '../command.ts';
import { TamperedError, UsageError } from '../command.ts';
import { queryUsageError } from './queryUsageError.ts';

/** The store and read-model files a read command works on, from SHIPLOG_STORE. */
export function readModelPaths(io: CommandIo): { connection: string; projections: string } {
  const config = parseShiplogConfig(io.env);
  return { connection: config.SHIPLOG_STORE, projections: projectionsPathFor(config.SHIPLOG_STORE, io.cwd) };
}

/** Whose snapshots `deployed` counts as observed: the default producers and SHIPLOG_SNAPSHOT_PRODUCERS. */
function trustedSnapshotProducers(io: CommandIo): readonly string[] {
  return snapshotProducers(parseShiplogConfig(io.env).SHIPLOG_SNAPSHOT_PRODUCERS);
}

/** Opens the ledger (never creating one) and its read models, catches them up, runs `use`, closes both. */
export async function withProjections<T>(
  io: CommandIo,
  use: (projections: Projections, store: EventStore) => Promise<T>,
): Promise<T> {
  const paths = readModelPaths(io);
  const store = await openStore(paths.connection, { create: false, cwd: io.cwd });
  try {
    const projections = await openProjections({
      store,
      path: paths.projections,
      snapshotProducers: trustedSnapshotProducers(io),
    });
    try {
      await projections.catchUp();
      const { untilMs } = projections.checkpoint();
      if (untilMs !== undefined) {
        // Answers stop at that instant until a plain replay: say so where a person will see it.
        io.stderr.write(
          `shiplog: the read models are frozen at ${new Date(untilMs).toISOString()} by 'shiplog replay --until'; run 'shiplog replay' to follow the ledger again\n`,
        );
      }
      return await use(projections, store);
    } finally {
      await projections.close();
    }
  } catch (err) {
    // A malformed time or empty name is the command line's fault: exit 2 with the usage.
    if (err instanceof ProjectionsError && err.code === ProjectionsErrorCode.InvalidQuery)
      throw queryUsageError(err);
    // Read models edited behind the checkpoint's back: no answer, exit 4.
    if (err instanceof ProjectionsError && err.code === ProjectionsErrorCode.Inconsistent)
      throw new TamperedError(
        `${err.message}: 'shiplog verify --projections' shows what differs, 'shiplog replay' rebuilds them`,
        { cause: err },
      );
    throw err;
  } finally {
    await store.close();
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Strict option parsing for the read commands: unknown options and stray words are usage errors. */
export function parseReadArgs<O extends OptionSpec>(
  args: readonly string[],
  options: O,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
) {
  try {
    const parsed = parseArgs({
      args: [...args],
      options,
      allowPositionals: positionals.max > 0,
      strict: true,
    });
    if (parsed.positionals.length < positionals.min) throw new UsageError('missing argument');
    if (parsed.positionals.length > positionals.max)
      throw new UsageError(`unexpected argument '${parsed.positionals[positionals.max] ?? ''}'`);
    for (const [name, value] of Object.entries(parsed.values)) {
      if (typeof value === 'string' && value.trim().length === 0)
        throw new UsageError(`--${name} needs a value`);
    }
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** One JSON document on stdout, or the human rendering. */
export function print(io: CommandIo, json: boolean, document: unknown, human: () => string): void {
  io.stdout.write(json ? `${JSON.stringify(document)}\n` : human());
}
