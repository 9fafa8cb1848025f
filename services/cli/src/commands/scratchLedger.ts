import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** A throw-away copy of a ledger for a dry run: its connection, and `remove` to delete it. */
export interface ScratchLedger {
  readonly connection: string;
  remove(): Promise<void>;
}

/**
 * A dry run's ledger: a consistent copy (`VACUUM INTO`, committed WAL content included) of the
 * sqlite ledger `connection` names, in a temporary directory, so the run reads everything the
 * ledger holds and writes nothing to it. An empty one when the ledger file does not exist yet;
 * undefined for a ledger that cannot be copied here (EventStoreDB).
 */
export async function scratchLedger(connection: string, cwd: string): Promise<ScratchLedger | undefined> {
  if (!connection.startsWith('sqlite:')) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'shiplog-dry-run-'));
  const copy = join(dir, 'ledger.db');
  const source = connection.slice('sqlite:'.length);
  if (source !== ':memory:' && existsSync(resolve(cwd, source))) {
    const db = new DatabaseSync(resolve(cwd, source), { readOnly: true });
    try {
      db.prepare('VACUUM INTO ?').run(copy);
    } finally {
      db.close();
    }
  }
  return { connection: `sqlite:${copy}`, remove: () => rm(dir, { recursive: true, force: true }) };
}
