/**
 * Who sent a fact: the authenticated identity the transport records on every stored event (part of
 * the record hash, so it cannot be changed afterwards). The event's own `context.source` is what
 * the sender claims; the producer is what shiplog knows.
 *
 * | identity | who |
 * |---|---|
 * | `local` | the embedded CLI or SDK writing straight into the store (`shiplog emit`, `shiplog gate`) |
 * | `nats:<user>` | an event over NATS JetStream, by the NATS user ingest saw it from (`natsProducer` in @shiplog/bus; `nats` from a server without users) |
 * | `api:<token>` | an event over HTTP, by the API token's name |
 * | `shiplog-workers` | shiplog's build, SBOM, sign and publish workers |
 * | `shiplog-release` | the release runner (`shiplog release run|resume`) |
 * | `shiplog-ledger` | the ledger itself (violations it finds) |
 *
 * Older ledgers also hold `cli`, `sdk`, `nats` and `api` (before identities were named): they are
 * kept as recorded and match no policy entry but `*`.
 */
export const ProducerIdentity = {
  Local: 'local',
  Workers: 'shiplog-workers',
  Release: 'shiplog-release',
  Ledger: 'shiplog-ledger',
} as const;
export type ProducerIdentity = (typeof ProducerIdentity)[keyof typeof ProducerIdentity];

/** The identity of an event that came over HTTP with the API token named `token`. */
export function apiProducer(token: string): string {
  return `api:${token}`;
}

/**
 * A pattern in a gate policy's `evidenceProducers`: an identity (`shiplog-workers`, `api:ci`), or a
 * prefix ending in `*` (`nats:ci-*`, `api:*`), or `*` for anyone.
 */
export const producerPattern = /^(\*|[A-Za-z0-9][A-Za-z0-9._@:-]*\*?)$/;

/** Whether `identity` is one a pattern names. */
export function producerMatches(pattern: string, identity: string): boolean {
  return pattern.endsWith('*') ? identity.startsWith(pattern.slice(0, -1)) : identity === pattern;
}
