import { jobStream, resolveTopology } from './topology.ts';
import type { TopologyOptions } from './topology.ts';

/** Who connects to NATS: each role may do only what its shiplog component needs. */
export type BusRole = 'emitter' | 'ingest' | 'worker' | 'admin';

/** A NATS user's `permissions` block. */
export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
}

export interface NatsUser {
  readonly user: string;
  readonly password: string;
  readonly role: BusRole;
}

// Replies to JetStream API calls, publish acks, ackAck confirmations and pull deliveries all use inboxes.
const inboxes = '_INBOX.>';

/** The permissions of one role for a topology (the same names as `ensureTopology` creates). */
export function natsPermissions(role: BusRole, topologyOptions?: TopologyOptions): NatsPermissions {
  const topology = resolveTopology(topologyOptions);
  const jobStreams = topology.jobQueues.map((queue) => jobStream(topology, queue));
  switch (role) {
    case 'emitter':
      return {
        publish: {
          allow: [`${topology.subjects.events}.>`, `$JS.API.STREAM.MSG.GET.${topology.streams.answers}`],
        },
        subscribe: { allow: [inboxes, `${topology.subjects.answers}.>`] },
      };
    case 'ingest': {
      const managed = [topology.streams.events, topology.streams.answers, topology.streams.rejected];
      return {
        publish: {
          allow: [
            `${topology.subjects.answers}.>`,
            topology.subjects.rejected,
            `${topology.namespace}.jobs.>`,
            ...[...managed, ...jobStreams].flatMap(streamAdministration),
            `$JS.API.STREAM.MSG.GET.${topology.streams.rejected}`,
            ...consumerApi(topology.streams.events),
          ],
        },
        subscribe: { allow: [inboxes] },
      };
    }
    case 'worker':
      return {
        publish: {
          allow: [
            `${topology.namespace}.jobs.>`,
            // A malformed job goes to the rejected log with its reason.
            topology.subjects.rejected,
            ...jobStreams.map((stream) => `$JS.API.STREAM.INFO.${stream}`),
            ...jobStreams.flatMap(consumerApi),
          ],
        },
        subscribe: { allow: [inboxes] },
      };
    case 'admin':
      return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };
  }
}

/**
 * A nats-server configuration fragment: one account with JetStream and one user per entry, each
 * with its role's permissions. Without `no_auth_user`, a client without credentials is refused.
 */
export function natsAccountsConfig(
  users: readonly NatsUser[],
  options: { readonly account?: string; readonly topology?: TopologyOptions } = {},
): string {
  const entries = users.map((entry) =>
    JSON.stringify({
      user: entry.user,
      password: entry.password,
      permissions: natsPermissions(entry.role, options.topology),
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

function streamAdministration(stream: string): string[] {
  return ['INFO', 'CREATE', 'UPDATE'].map((action) => `$JS.API.STREAM.${action}.${stream}`);
}

function consumerApi(stream: string): string[] {
  return [
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}
