import { readFile } from 'node:fs/promises';
import { connect, credsAuthenticator, nkeyAuthenticator } from '@nats-io/transport-node';
import type { NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';
import { BusError, BusErrorCode } from '../errors.ts';
import { inboxPrefix, senderToken } from '../identity.ts';
import { translateNatsError } from './natsErrors.ts';

/** How to reach and authenticate to NATS. Exactly one kind of credentials, or none. */
export interface NatsConnectionOptions {
  /** One URL or several (`nats://host:4222`), comma-separated or as an array. */
  readonly servers: string | readonly string[];
  /** Client name shown by the server's monitoring. */
  readonly name?: string;
  /**
   * The NATS user name. It also names the connection's inbox prefix (`_INBOX.<user>`) and the
   * subjects it emits events and reads answers on, so it must be one subject token (lowercase
   * letters, digits, `_`, `-`).
   */
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  /** Path of a `.creds` file (JWT and nkey seed) as written by `nsc`. */
  readonly credsFile?: string;
  /** Path of a file holding an nkey seed (`SU…`). */
  readonly nkeyFile?: string;
  /** Timeout of the first connection attempt (default 5 s). */
  readonly connectTimeoutMs?: number;
  /**
   * Connect over TLS (required when set): `caFile` is a PEM file of the CA to trust (a private or
   * self-signed one; default: the system's CAs).
   */
  readonly tls?: { readonly caFile?: string };
}

export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  const kinds = [options.user ?? options.password, options.token, options.credsFile, options.nkeyFile];
  if (kinds.filter((kind) => kind !== undefined).length > 1) {
    throw new BusError(BusErrorCode.InvalidArgument, 'give one kind of NATS credentials, not several');
  }
  const servers =
    typeof options.servers === 'string'
      ? options.servers.split(',').map((url) => url.trim())
      : [...options.servers];
  const connectOptions: NodeConnectionOptions = {
    servers,
    name: options.name ?? 'shiplog',
    timeout: options.connectTimeoutMs ?? 5_000,
    // A restarted server is waited for, never given up on: consumers resume where they stopped.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // Each request would otherwise build two Error objects up front for a stack it rarely needs;
    // our BusError carries its own stack, and the hot path does one request per event.
    noAsyncTraces: true,
  };
  if (options.tls !== undefined) {
    connectOptions.tls = options.tls.caFile === undefined ? {} : { caFile: options.tls.caFile };
  }
  if (options.user !== undefined || options.password !== undefined) {
    connectOptions.user = options.user;
    connectOptions.pass = options.password;
  }
  // Replies, acks and pull deliveries come to `_INBOX.<user>.…`, which only that user may read.
  const prefix = connectionInboxPrefix(options);
  if (prefix !== undefined) connectOptions.inboxPrefix = prefix;
  if (options.token !== undefined) connectOptions.token = options.token;
  if (options.credsFile !== undefined) {
    connectOptions.authenticator = credsAuthenticator(await readSecret(options.credsFile));
  }
  if (options.nkeyFile !== undefined) {
    const seed = new TextDecoder().decode(await readSecret(options.nkeyFile)).trim();
    connectOptions.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  try {
    return await connect(connectOptions);
  } catch (err) {
    throw translateNatsError(err, `cannot connect to NATS at ${servers.map(redactServerUrl).join(',')}`);
  }
}

/** The inbox prefix of a connection: `_INBOX.<user>` for a named user, the client's default otherwise. */
export function connectionInboxPrefix(options: Pick<NatsConnectionOptions, 'user'>): string | undefined {
  return options.user === undefined ? undefined : inboxPrefix(senderToken(options.user));
}

async function readSecret(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new BusError(BusErrorCode.InvalidArgument, `cannot read NATS credentials file ${path}`, {
      cause: err,
    });
  }
}

/** A server URL fit for logs and error messages: any user info (`user:password@`) is masked. */
export function redactServerUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1***@');
}
