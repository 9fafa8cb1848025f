import { BusError, BusErrorCode } from './errors.ts';
import { natsAccountsConfig } from './natsAccountsConfig.ts';
import type { NatsUserRole } from './natsPermissions.ts';
import type { TopologyOptions } from './topology.ts';

/**
 * The environment variable nats-server reads a user's password from:
 * `SHIPLOG_NATS_<USER>_PASSWORD`, the name upper-cased with `-` as `_` (`ci-web` → `SHIPLOG_NATS_CI_WEB_PASSWORD`).
 */
export function passwordVariable(user: string): string {
  return `SHIPLOG_NATS_${user.toUpperCase().replaceAll('-', '_')}_PASSWORD`;
}

export interface NatsServerConfigOptions {
  /** Who may connect, each with its role (deploy/nats/users.json for the compose file). */
  readonly users: readonly NatsUserRole[];
  readonly topology?: TopologyOptions;
  readonly storeDir?: string;
  /** Require TLS from clients, with this PEM certificate and key (paths as the server sees them). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/**
 * A whole nats-server configuration for shiplog: client port, monitoring port, JetStream store and
 * one user per entry with the least permissions its role needs. Passwords are not in the file:
 * nats-server substitutes `$SHIPLOG_NATS_<USER>_PASSWORD` from its environment.
 */
export function natsServerConfig(options: NatsServerConfigOptions): string {
  const { users } = options;
  const variables = users.map((entry) => passwordVariable(entry.user));
  const clash = variables.find((variable, index) => variables.indexOf(variable) !== index);
  if (clash !== undefined) {
    throw new BusError(
      BusErrorCode.InvalidArgument,
      `two NATS users would share the password variable ${clash}`,
    );
  }
  const accounts = natsAccountsConfig(
    users.map((entry, index) => ({ ...entry, password: variables[index] ?? '' })),
    options.topology === undefined ? {} : { topology: options.topology },
  );
  const withVariables = variables.reduce(
    (text, variable) => text.replace(`"password":"${variable}"`, `"password":$${variable}`),
    accounts,
  );
  return [
    'port: 4222',
    'http: 8222',
    `jetstream { store_dir: ${JSON.stringify(options.storeDir ?? '/data')} }`,
    ...(options.tls === undefined
      ? []
      : [
          `tls { cert_file: ${JSON.stringify(options.tls.certFile)}, key_file: ${JSON.stringify(options.tls.keyFile)} }`,
        ]),
    withVariables,
  ].join('\n');
}
