import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Where the read models of a store live: `projections.db` beside an embedded `sqlite:` ledger,
 * else (EventStoreDB) `.shiplog/projections.db` under `cwd`.
 */
export function projectionsPathFor(connection: string, cwd: string): string {
  if (connection.startsWith('sqlite:')) {
    const file = connection.slice('sqlite:'.length);
    if (file !== ':memory:')
      return join(dirname(isAbsolute(file) ? file : resolve(cwd, file)), 'projections.db');
  }
  return resolve(cwd, '.shiplog', 'projections.db');
}
