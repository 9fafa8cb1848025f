import { isAbsolute, resolve } from 'node:path';
import { StoreError, StoreErrorCode } from './errors.ts';
import type { EventStore } from './eventStore.ts';
import { createEsdbEventStore } from './esdb/esdbEventStore.ts';
import { createSqliteEventStore } from './sqlite/sqliteEventStore.ts';
import type { SqliteEventStoreOptions } from './sqlite/sqliteEventStore.ts';

export interface OpenStoreOptions extends SqliteEventStoreOptions {
  /** Directory a relative `sqlite:` path is resolved against (default: the process's cwd). */
  readonly cwd?: string;
}

/**
 * Opens the event store a connection string names: `sqlite:<path>` (embedded; relative paths
 * against `options.cwd`) or, with the EventStoreDB adapter, `esdb://…` / `kurrentdb://…`.
 */
export async function openStore(connection: string, options: OpenStoreOptions = {}): Promise<EventStore> {
  const colon = connection.indexOf(':');
  const scheme = colon < 0 ? '' : connection.slice(0, colon).toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const path = connection.slice(colon + 1);
      if (path.length === 0)
        throw new StoreError(StoreErrorCode.InvalidArgument, 'sqlite: needs a file path');
      const absolute =
        path === ':memory:' || isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
      return createSqliteEventStore(absolute, options);
    }
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrentdb+discover':
      return createEsdbEventStore(connection, { clock: options.clock });
    default:
      throw new StoreError(
        StoreErrorCode.InvalidArgument,
        `unknown store connection '${connection}': expected sqlite:<path>, esdb://… or kurrentdb://…`,
      );
  }
}
