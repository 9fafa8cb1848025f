import { natsAccountsConfig } from './natsPermissions.ts';
import type { BusRole } from './natsPermissions.ts';
import type { TopologyOptions } from './topology.ts';

const roles: readonly BusRole[] = ['emitter', 'ingest', 'worker', 'admin'];

/** The environment variable nats-server reads a role's password from: `SHIPLOG_NATS_<ROLE>_PASSWORD`. */
export function passwordVariable(role: BusRole): string {
  return `SHIPLOG_NATS_${role.toUpperCase()}_PASSWORD`;
}

/**
 * A whole nats-server configuration for shiplog: client port, monitoring port, JetStream store and
 * one user per role with the least permissions it needs. Passwords are not in the file: nats-server
 * substitutes `$SHIPLOG_NATS_<ROLE>_PASSWORD` from its environment.
 */
export function natsServerConfig(
  options: { readonly topology?: TopologyOptions; readonly storeDir?: string } = {},
): string {
  const accounts = natsAccountsConfig(
    roles.map((role) => ({ user: role, password: passwordVariable(role), role })),
    options.topology === undefined ? {} : { topology: options.topology },
  );
  const withVariables = roles.reduce(
    (text, role) => text.replace(`"${passwordVariable(role)}"`, `$${passwordVariable(role)}`),
    accounts,
  );
  return [
    'port: 4222',
    'http: 8222',
    `jetstream { store_dir: ${JSON.stringify(options.storeDir ?? '/data')} }`,
    withVariables,
  ].join('\n');
}
