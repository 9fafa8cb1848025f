import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  checkpointsPathFor,
  generateSignerKey,
  openCheckpoint,
  parseSignerKey,
  parseVerifierKey,
} from '@shiplog/checkpoint';
import type { NoteSigner, NoteVerifier, TreeHead } from '@shiplog/checkpoint';
import { UsageError } from './command.ts';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_STORE = 'sqlite:./.shiplog/ledger.db';

/** The store connection of a command: `--store`, else $SHIPLOG_STORE, else the embedded default. */
export function connectionOf(store: string | undefined, env: Env): string {
  const fromEnv = env.SHIPLOG_STORE;
  return store ?? (fromEnv === undefined || fromEnv === '' ? DEFAULT_STORE : fromEnv);
}

/** SQLite numbers positions 1, 2, 3…: a missing number there is a deleted record. */
export function densePositionsOf(connection: string): boolean {
  return connection.startsWith('sqlite:');
}

/** The key file made when no key is configured: beside the checkpoints. */
export function defaultKeyFile(connection: string, cwd: string): string {
  const path = checkpointsPathFor(connection, cwd);
  return join(path === ':memory:' ? resolve(cwd, '.shiplog') : dirname(path), 'checkpoint.key');
}

export interface CheckpointSigner {
  readonly signer: NoteSigner;
  /** The file a new key was written to, when this call made one. */
  readonly generated?: string;
}

/**
 * The checkpoint signing key: $SHIPLOG_CHECKPOINT_KEY (the key text), $SHIPLOG_CHECKPOINT_KEY_FILE,
 * else `checkpoint.key` beside the ledger, made (mode 0600) when `create` is set and it is absent.
 * Undefined when none is configured and `create` is not set.
 */
export async function loadCheckpointSigner(
  env: Env,
  cwd: string,
  connection: string,
  create: boolean,
): Promise<CheckpointSigner | undefined> {
  if ((env.SHIPLOG_CHECKPOINT_KEY ?? '') !== '')
    return { signer: parseNamed('SHIPLOG_CHECKPOINT_KEY', env.SHIPLOG_CHECKPOINT_KEY as string) };
  const configured = env.SHIPLOG_CHECKPOINT_KEY_FILE ?? '';
  const file = configured !== '' ? resolve(cwd, configured) : defaultKeyFile(connection, cwd);
  if (existsSync(file)) return { signer: parseNamed(file, await readFile(file, 'utf8')) };
  if (configured !== '') throw new Error(`SHIPLOG_CHECKPOINT_KEY_FILE: no file ${file}`);
  if (!create) return undefined;
  const origin = env.SHIPLOG_CHECKPOINT_ORIGIN ?? `shiplog/${hostname()}`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${generateSignerKey(origin)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { signer: parseNamed(file, await readFile(file, 'utf8')), generated: file };
}

function parseNamed(where: string, text: string): NoteSigner {
  try {
    return parseSignerKey(text);
  } catch (err) {
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** A verifier key given on the command line: the key text, or a file holding it. */
export async function readVerifierKey(text: string, cwd: string): Promise<NoteVerifier> {
  const candidate = resolve(cwd, text);
  const key = !text.includes('+') && existsSync(candidate) ? await readFile(candidate, 'utf8') : text;
  try {
    return parseVerifierKey(key);
  } catch (err) {
    throw new UsageError(`--key: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * The key `verify` checks checkpoint signatures with: `--key`, else $SHIPLOG_CHECKPOINT_PUBLIC_KEY,
 * else the public half of the configured signing key; undefined when there is none.
 */
export async function loadCheckpointVerifier(
  key: string | undefined,
  env: Env,
  cwd: string,
  connection: string,
): Promise<NoteVerifier | undefined> {
  const given = key ?? env.SHIPLOG_CHECKPOINT_PUBLIC_KEY ?? '';
  if (given !== '') return readVerifierKey(given, cwd);
  const own = await loadCheckpointSigner(env, cwd, connection, false);
  return own === undefined ? undefined : parseVerifierKey(own.signer.verifierKey);
}

/** When `shiplog dev` signs checkpoints: every N records or T seconds, whichever comes first. */
export interface CheckpointSchedule {
  readonly everyEvents: number;
  readonly intervalMs: number;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const text = env[name] ?? '';
  if (text === '') return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`${name}: expected a whole number above 0, got '${text}'`);
  return Number(text);
}

/** $SHIPLOG_CHECKPOINT_EVERY (records, default 1000) and $SHIPLOG_CHECKPOINT_INTERVAL (seconds, default 60). */
export function checkpointScheduleOf(env: Env): CheckpointSchedule {
  return {
    everyEvents: positiveInt(env, 'SHIPLOG_CHECKPOINT_EVERY', 1000),
    intervalMs: positiveInt(env, 'SHIPLOG_CHECKPOINT_INTERVAL', 60) * 1000,
  };
}

/** Checkpoints an auditor kept (`--checkpoint FILE`), each verified with the log's key. */
export async function readKeptCheckpoints(
  files: readonly string[],
  verifier: NoteVerifier | undefined,
  cwd: string,
): Promise<TreeHead[]> {
  if (files.length === 0) return [];
  if (verifier === undefined)
    throw new UsageError(
      '--checkpoint needs the public key that signed it: --key (or $SHIPLOG_CHECKPOINT_PUBLIC_KEY)',
    );
  const heads: TreeHead[] = [];
  for (const file of files) {
    const note = await readFile(resolve(cwd, file), 'utf8');
    try {
      heads.push(openCheckpoint(note, verifier));
    } catch (err) {
      throw new Error(`--checkpoint ${file}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
  return heads;
}
