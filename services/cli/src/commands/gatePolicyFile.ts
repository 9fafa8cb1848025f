import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultGatePolicy, GateError, parseGatePolicy } from '@shiplog/ledger';
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
  if (path === undefined) return defaultGatePolicy;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(resolve(io.cwd, path), 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read policy ${path}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  try {
    return parseGatePolicy(value);
  } catch (err) {
    if (err instanceof GateError) throw new UsageError(`policy ${path}: ${err.message}`, { cause: err });
    throw err;
  }
}
