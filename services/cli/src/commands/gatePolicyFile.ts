import { ConfigError, readGatePolicy } from '@shiplog/config';
import type { GatePolicy } from '@shiplog/ledger';
import { UsageError } from '../command.ts';

/**
 * The gate policy a command runs by: `--policy FILE`, else `$SHIPLOG_GATE_POLICY` (as the API and
 * the workers read it, so every door decides alike), else the built-in policy. A bad file is a
 * usage error naming it.
 */
export async function loadGatePolicy(
  file: string | undefined,
  io: { readonly cwd: string; readonly env: Readonly<Record<string, string | undefined>> },
): Promise<GatePolicy> {
  const fromEnv = io.env['SHIPLOG_GATE_POLICY'];
  const path = file ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
  try {
    return await readGatePolicy(path, io.cwd, file === undefined ? 'SHIPLOG_GATE_POLICY' : '--policy');
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}
