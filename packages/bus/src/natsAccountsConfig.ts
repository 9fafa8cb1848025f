import { BusError, BusErrorCode } from './errors.ts';
import { assertUserName } from './identity.ts';
import { busRoles, natsPermissions } from './natsPermissions.ts';
import type { NatsUser, NatsUserRole } from './natsPermissions.ts';
import type { TopologyOptions } from './topology.ts';

/**
 * A nats-server configuration fragment: one account with JetStream and one user per entry, each
 * with its role's permissions for its own name. Without `no_auth_user`, a client without
 * credentials is refused.
 */
export function natsAccountsConfig(
  users: readonly NatsUser[],
  options: { readonly account?: string; readonly topology?: TopologyOptions } = {},
): string {
  assertNatsUsers(users);
  const entries = users.map((entry) =>
    JSON.stringify({
      user: entry.user,
      password: entry.password,
      permissions: natsPermissions(entry, options.topology),
    }),
  );
  return [
    'accounts {',
    `  ${JSON.stringify(options.account ?? 'SHIPLOG')} {`,
    '    jetstream: enabled',
    '    users: [',
    ...entries.map((entry) => `      ${entry}`),
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Reads a list of users (`[{"user": "ci", "role": "emitter"}, …]`, as in deploy/nats/users.json),
 * naming every bad entry.
 */
export function parseNatsUsers(value: unknown): NatsUserRole[] {
  if (!Array.isArray(value)) {
    throw new BusError(BusErrorCode.InvalidArgument, 'NATS users must be a JSON array of {user, role}');
  }
  const problems: string[] = [];
  const users = value.flatMap((entry: unknown, index): NatsUserRole[] => {
    const { user, role } = (entry ?? {}) as { user?: unknown; role?: unknown };
    if (typeof user !== 'string' || !busRoles.includes(role as NatsUserRole['role'])) {
      problems.push(`[${index}]: needs a "user" name and a "role" of ${busRoles.join(', ')}`);
      return [];
    }
    return [{ user, role: role as NatsUserRole['role'] }];
  });
  if (problems.length > 0)
    throw new BusError(BusErrorCode.InvalidArgument, `bad NATS users: ${problems.join('; ')}`);
  assertNatsUsers(users);
  return users;
}

function assertNatsUsers(users: readonly NatsUserRole[]): void {
  const seen = new Set<string>();
  for (const { user } of users) {
    assertUserName(user);
    if (seen.has(user))
      throw new BusError(BusErrorCode.InvalidArgument, `NATS user "${user}" is listed twice`);
    seen.add(user);
  }
}
