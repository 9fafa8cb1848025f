import { isAbsolute, resolve } from 'node:path';

/**
 * Where a ledger's checkpoints live: the `checkpoints` table of the embedded ledger's own file
 * (`sqlite:<path>`), else (EventStoreDB) `.shiplog/checkpoints.db` under `cwd`.
 */
export function checkpointsPathFor(connection: string, cwd: string): string {
  if (connection.startsWith('sqlite:')) {
    const file = connection.slice('sqlite:'.length);
    return file === ':memory:' ? file : isAbsolute(file) ? file : resolve(cwd, file);
  }
  return resolve(cwd, '.shiplog', 'checkpoints.db');
}
