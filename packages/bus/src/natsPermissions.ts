import { eventPrefix, inboxPrefix } from './identity.ts';
import { jobStream, resolveTopology } from './topology.ts';
import type { Topology, TopologyOptions } from './topology.ts';

/** Who connects to NATS: each role may do only what its shiplog component needs. */
export type BusRole = 'emitter' | 'ingest' | 'worker' | 'release' | 'admin';

/** Every role, in the order configurations list them. */
export const busRoles: readonly BusRole[] = ['emitter', 'ingest', 'worker', 'release', 'admin'];

/** A NATS user's `permissions` block. A subject in `deny` is refused even when `allow` matches it. */
export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[]; readonly deny?: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
}

/** One NATS user of shiplog: its name (recorded as `nats:<user>` on the events it emits) and role. */
export interface NatsUserRole {
  readonly user: string;
  readonly role: BusRole;
}

export interface NatsUser extends NatsUserRole {
  readonly password: string;
}

/**
 * The permissions of one user for a topology (the same names as `ensureTopology` creates). Every
 * user but `admin` reads only its own inbox (`_INBOX.<user>.>`: API replies, publish acks, pull
 * deliveries); an emitter publishes only under `<events>.<user>.>` and reads only its own answers.
 */
export function natsPermissions(entry: NatsUserRole, topologyOptions?: TopologyOptions): NatsPermissions {
  const topology = resolveTopology(topologyOptions);
  const jobStreams = topology.jobQueues.map((queue) => jobStream(topology, queue));
  const inbox = `${inboxPrefix(entry.user)}.>`;
  const jobs = `${topology.namespace}.jobs.>`;
  switch (entry.role) {
    case 'emitter': {
      const answers = `${topology.subjects.answers}.${entry.user}.>`;
      return {
        publish: {
          allow: [
            `${eventPrefix(topology, entry.user)}.>`,
            // A retry reads its stored answer by subject; no MSG.GET, which reaches every answer.
            `$JS.API.DIRECT.GET.${topology.streams.answers}.${answers}`,
          ],
        },
        subscribe: { allow: [inbox, answers] },
      };
    }
    case 'ingest':
      return {
        publish: {
          allow: [
            `${topology.subjects.answers}.>`,
            topology.subjects.rejected,
            jobs,
            ...allStreams(topology, jobStreams).flatMap(streamAdministration),
            `$JS.API.STREAM.MSG.GET.${topology.streams.rejected}`,
            ...consumerApi(topology.streams.events),
          ],
        },
        subscribe: { allow: [inbox] },
      };
    case 'worker':
      // Workers take jobs, never issue them: a worker that could enqueue could have its own build signed.
      return {
        publish: {
          allow: [
            // A malformed job goes to the rejected log with its reason.
            topology.subjects.rejected,
            ...jobStreams.map((stream) => `$JS.API.STREAM.INFO.${stream}`),
            ...jobStreams.flatMap(consumerApi),
          ],
        },
        subscribe: { allow: [inbox] },
      };
    case 'release':
      // The release runner issues the jobs of a release and checks the topology exists.
      return {
        publish: {
          allow: [jobs, ...allStreams(topology, jobStreams).map((stream) => `$JS.API.STREAM.INFO.${stream}`)],
        },
        subscribe: { allow: [inbox] },
      };
    case 'admin':
      // Everything, except speaking for an emitter: events carry their sender's name.
      return {
        publish: { allow: ['>'], deny: [`${topology.subjects.events}.>`] },
        subscribe: { allow: ['>'] },
      };
  }
}

function allStreams(topology: Topology, jobStreams: readonly string[]): string[] {
  return [topology.streams.events, topology.streams.answers, topology.streams.rejected, ...jobStreams];
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
