import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultGatePolicy, parseGatePolicy } from '@shiplog/ledger';
import type { GatePolicy } from '@shiplog/ledger';
import { ConfigError } from './shiplogConfig.ts';

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The text of a file a setting names (`SHIPLOG_API_TOKENS_FILE`…), relative to `cwd`; `ConfigError` naming both. */
export async function readConfigFile(setting: string, path: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${setting} ${path}: ${messageOf(err)}`);
  }
}

/**
 * The gate policy in the JSON file `path` (the built-in policy when undefined): one reader for
 * every door (API, workers, `shiplog dev`, the command line), so they all decide alike. A file that
 * cannot be read or is not a valid policy is a `ConfigError` naming `setting` and the file.
 */
export async function readGatePolicy(
  path: string | undefined,
  cwd: string,
  setting: string,
): Promise<GatePolicy> {
  if (path === undefined) return defaultGatePolicy;
  const text = await readConfigFile(setting, path, cwd);
  try {
    return parseGatePolicy(JSON.parse(text));
  } catch (err) {
    throw new ConfigError(`${setting} ${path}: ${messageOf(err)}`);
  }
}
