import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { shiplog } from '../support/shiplogCli.ts';
import type { CliRun } from '../support/shiplogCli.ts';

export const repoRoot = join(import.meta.dirname, '..', '..');

export interface ComposeService {
  readonly image?: string;
  readonly entrypoint?: readonly string[];
  readonly profiles?: readonly string[];
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly depends_on?: Readonly<Record<string, { readonly condition?: string }>>;
  readonly healthcheck?: { readonly test?: readonly string[]; readonly disable?: boolean };
  readonly deploy?: { readonly replicas?: number };
  readonly volumes?: readonly string[];
  readonly secrets?: readonly string[];
  readonly restart?: string;
}

/** A service that runs as long as the deployment (not a one-shot check or an operator's tool). */
export function longRunning(service: ComposeService): boolean {
  return service.restart === 'unless-stopped' && service.profiles === undefined;
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly secrets?: Readonly<Record<string, { readonly file?: string }>>;
}

/** The file as Compose reads it: YAML with merge keys (`<<: *anchor`) resolved. */
export async function readComposeFile(): Promise<{ text: string; document: unknown }> {
  const text = await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8');
  return { text, document: parse(text, { merge: true }) as unknown };
}

/**
 * A validator for the official Compose Specification JSON schema, the copy committed in
 * `compose-spec/` (with its licence and where it came from).
 */
export async function composeSchemaValidator(): Promise<(document: unknown) => ErrorObject[]> {
  const schemaPath = join(import.meta.dirname, 'compose-spec', 'compose-spec.json');
  const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as Record<string, unknown>;
  // Ajv knows draft-07 by its http:// id; the file names it by https://.
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  return (document) => (validate(document) ? [] : [...(validate.errors ?? [])]);
}

/** Every variable the file interpolates: `${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$VAR` (not `$$`). */
export function interpolatedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g))
    names.add(match[1] ?? match[2] ?? '');
  return [...names].sort();
}

/** The users of deploy/nats/shiplog.conf and the environment variable each one's password comes from. */
export async function natsUsers(): Promise<Map<string, string>> {
  const conf = await readFile(join(repoRoot, 'deploy', 'nats', 'shiplog.conf'), 'utf8');
  const users = new Map<string, string>();
  for (const match of conf.matchAll(/"user":"([^"]+)","password":\$([A-Z0-9_]+)/g))
    users.set(match[1] ?? '', match[2] ?? '');
  return users;
}

/** Runs the real `shiplog` command with exactly these shiplog settings (none leak in from the test runner). */
export function runShiplog(
  args: readonly string[],
  env: Record<string, string>,
  cwd: string = repoRoot,
): Promise<CliRun> {
  return shiplog(args, { cwd, env });
}
