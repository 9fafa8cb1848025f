import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { connectionOf } from './checkpointSetup.ts';
import type { CommandIo } from './command.ts';

/** The ledger a command reads (`--store`, else $SHIPLOG_STORE, else the default); never created. */
export async function openLedger(
  store: string | undefined,
  io: CommandIo,
): Promise<{ readonly connection: string; readonly store: EventStore }> {
  const connection = connectionOf(store, io.env);
  return { connection, store: await openStore(connection, { create: false, cwd: io.cwd }) };
}
