import { replay, ProjectionsError, ProjectionsErrorCode } from '@shiplog/projections';
import { openStore } from '@shiplog/store';
import type { Command, CommandIo } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { parseReadArgs, print, readModelPaths } from './deployedProjections.ts';
import { queryUsageError } from './queryUsageError.ts';

const usage = `usage: shiplog replay [--until TIME] [--json]

Rebuilds every read model from the ledger into a fresh copy (projections.db.replay-<n>) and swaps
it in by an atomic rename only when complete. With --until, the read models show the ledger as it
stood at TIME (events recorded by then) and stay there until the next replay without --until.
Stop other shiplog processes using the read models (shiplog dev, shiplog serve api) first:
replay refuses while one runs, and says so.

  --json   one JSON document: {applied, position, path}

exit: 0 rebuilt, 1 failure (the previous read models are kept), 2 usage error`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'rebuild every projection from the log',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const { values } = parseReadArgs(args, { until: { type: 'string' }, json: { type: 'boolean' } } as const);
    const paths = readModelPaths(io);
    const store = await openStore(paths.connection, { create: false, cwd: io.cwd });
    try {
      const result = await replay({
        store,
        path: paths.projections,
        ...(values.until === undefined ? {} : { until: values.until }),
      });
      const document = { applied: result.applied, position: result.position, path: paths.projections };
      print(
        io,
        values.json === true,
        document,
        () =>
          `replayed ${result.applied} events (to position ${result.position}) into ${paths.projections}\n`,
      );
      return ExitCode.Done;
    } catch (err) {
      if (err instanceof ProjectionsError && err.code === ProjectionsErrorCode.InvalidQuery)
        throw queryUsageError(err);
      throw err;
    } finally {
      await store.close();
    }
  },
};
