import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError, ApiErrorCode } from './errors.ts';

/** Auditors read; emitters write (events, gate decisions); admins do both. */
export const apiRoles = ['auditor', 'emitter', 'admin'] as const;
export type ApiRole = (typeof apiRoles)[number];
export type ApiAccess = 'read' | 'write';

/** A configured token: who it is, what it may do, and the sha256 of the secret (never the secret). */
export interface ApiToken {
  readonly name: string;
  readonly role: ApiRole;
  /** sha256 hex of the bearer token. */
  readonly sha256: string;
}

const specPattern = /^([A-Za-z0-9][A-Za-z0-9._@-]*):([a-z]+):([0-9a-fA-F]{64})$/;

/**
 * Reads token specs `name:role:sha256hex`, separated by commas or new lines (`#` starts a comment
 * line). Throws `API_CONFIG_INVALID` naming each bad entry by position and name.
 */
export function parseApiTokens(text: string, origin: string): ApiToken[] {
  const entries = text
    .split(/[,\n]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  const tokens: ApiToken[] = [];
  const problems: { path: string; message: string }[] = [];
  entries.forEach((entry, index) => {
    const match = specPattern.exec(entry);
    const role = match?.[2] as ApiRole | undefined;
    if (match === null || role === undefined || !apiRoles.includes(role)) {
      // Only a well-formed name is echoed: a pasted raw token must not reach the logs.
      const name = entry.includes(':') ? (entry.split(':')[0] ?? '') : '';
      const which = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(name) ? `token '${name}'` : 'the entry';
      problems.push({
        path: `${origin}[${index}]`,
        message: `${which} must be name:role:sha256hex with role ${apiRoles.join('|')}`,
      });
      return;
    }
    tokens.push({ name: match[1] as string, role, sha256: (match[3] as string).toLowerCase() });
  });
  const names = new Set<string>();
  for (const t of tokens) {
    if (names.has(t.name))
      problems.push({ path: origin, message: `token name '${t.name}' is configured twice` });
    names.add(t.name);
  }
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new ApiError(ApiErrorCode.ConfigInvalid, `bad API tokens: ${summary}`, { problems });
  }
  return tokens;
}

/** Whether a role may do this. */
export function allows(role: ApiRole, access: ApiAccess): boolean {
  return role === 'admin' || (access === 'read' ? role === 'auditor' : role === 'emitter');
}

/** The roles that may call a route of this access (what the OpenAPI document lists per route). */
export function rolesFor(access: ApiAccess): ApiRole[] {
  return apiRoles.filter((role) => allows(role, access));
}

/** Finds the token an `Authorization: Bearer …` header presents; undefined when none matches. */
export function createAuthenticator(
  tokens: readonly ApiToken[],
): (authorization?: string) => ApiToken | undefined {
  const known = tokens.map((t) => ({ token: t, digest: Buffer.from(t.sha256, 'hex') }));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match === null) return undefined;
    const presented = createHash('sha256')
      .update(match[1] as string)
      .digest();
    // Compare every digest in constant time, so timing says nothing about which token is close.
    let found: ApiToken | undefined;
    for (const k of known) if (timingSafeEqual(k.digest, presented)) found = k.token;
    return found;
  };
}
