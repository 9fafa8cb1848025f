import type { EventStore, NewEvent } from '@shiplog/store';

export interface GenerateHistoryOptions {
  readonly store: EventStore;
  /** About how many events to write (whole chains, so a few more). */
  readonly events: number;
  /** Services deployed (default 50). */
  readonly services?: number;
  /** The first chain's change time (default 2024-01-01). */
  readonly startMs?: number;
  /** Time between two chains' changes (default 30 minutes: each of 50 services releases about once a day). */
  readonly spacingMs?: number;
  /** Called after each 100,000 events. */
  readonly onProgress?: (written: number) => void;
}

export interface GeneratedHistory {
  readonly events: number;
  readonly chains: number;
  readonly services: readonly string[];
  /** The last event's timestamp. */
  readonly lastMs: number;
  /** The digests of a few chains, for `why` look-ups. */
  readonly sampleDigests: readonly string[];
}

const HOUR = 3_600_000;
const hex64 = (n: number): string => n.toString(16).padStart(64, '0');

/**
 * Writes a realistic release history straight into a store (no recorder: fast enough for a
 * million events): per chain, change → packaged → verification → published → deployed to staging
 * → verified → approval → deployed to production → completed, and for some chains an incident and
 * a rollback. Deterministic: the same options give the same events.
 */
export async function generateHistory(options: GenerateHistoryOptions): Promise<GeneratedHistory> {
  const services = Array.from(
    { length: options.services ?? 50 },
    (_, i) => `svc-${String(i).padStart(3, '0')}`,
  );
  const startMs = options.startMs ?? Date.parse('2024-01-01T00:00:00Z');
  const spacingMs = options.spacingMs ?? 30 * 60_000;
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const previous = new Map<string, string>();
  const sampleDigests: string[] = [];
  let written = 0;
  let lastMs = startMs;
  let chain = 0;
  let nextProgress = 100_000;
  for (; written < options.events; chain++) {
    const service = services[chain % services.length] as string;
    const version = `1.${Math.floor(chain / services.length)}.0`;
    const digest = `sha256:${hex64(chain + 1)}`;
    const purl = `pkg:oci/${service}@${digest}?tag=${version}`;
    const ref = { digest, purl };
    const change = `CH-${chain}`;
    const base = startMs + chain * spacingMs;
    let n = 0;
    const ev = (type: string, at: number, subjectId: string, content: unknown): NewEvent => {
      n += 1;
      lastMs = Math.max(lastMs, at);
      const id = `g${chain}-${n}`;
      const context = {
        specversion: '0.5.1',
        id,
        source: `/ci/${service}`,
        type,
        timestamp: new Date(at).toISOString(),
      };
      return {
        id,
        type,
        data: JSON.stringify({ context, subject: { id: subjectId, content } }),
        producer: 'bench',
      };
    };
    const env = (id: string) => ({ id });
    const appends: [string, NewEvent[]][] = [
      [
        `change-${change}`,
        [ev('dev.cdevents.change.created.0.4.0', base, change, { repository: env(`acme/${service}`) })],
      ],
      [
        `artifact-${digest.slice(7)}`,
        [
          ev('dev.cdevents.artifact.packaged.0.3.0', base + HOUR, purl, { change: { id: change } }),
          ev('dev.cdeventsx.shiplog-verification.finished.0.1.0', base + 2 * HOUR, `${service}-tests`, {
            kind: 'tests',
            outcome: 'pass',
            artifact: ref,
          }),
          ev('dev.cdevents.artifact.published.0.3.0', base + 3 * HOUR, purl, {}),
        ],
      ],
      [
        `deployment-staging.${service}`,
        [
          ev('dev.cdevents.service.deployed.0.3.0', base + 4 * HOUR, service, {
            environment: env('staging'),
            artifactId: purl,
          }),
          ev('dev.cdeventsx.shiplog-deployment.verified.0.1.0', base + 5 * HOUR, `${service}-checks`, {
            environment: env('staging'),
            service: env(service),
            artifact: ref,
            outcome: 'pass',
            checks: [{ name: 'health', kind: 'health', outcome: 'pass' }],
          }),
        ],
      ],
      [
        `artifact-${digest.slice(7)}`,
        [
          ev('dev.cdeventsx.shiplog-approval.granted.0.1.0', base + 6 * HOUR, `${service}-approval`, {
            approver: { id: 'alice' },
            environment: env('production'),
            artifact: ref,
          }),
        ],
      ],
    ];
    const production: NewEvent[] = [
      ev('dev.cdevents.service.deployed.0.3.0', base + 7 * HOUR, service, {
        environment: env('production'),
        artifactId: purl,
      }),
    ];
    const before = previous.get(service);
    if (before !== undefined && random() < 0.05) {
      const incident = `INC-${chain}`;
      appends.push([
        `incident-${incident}`,
        [
          ev('dev.cdevents.incident.detected.0.3.0', base + 8 * HOUR, incident, {
            environment: env('production'),
            service: env(service),
          }),
        ],
      ]);
      production.push(
        ev('dev.cdevents.service.rolledback.0.3.0', base + 9 * HOUR, service, {
          environment: env('production'),
          artifactId: before,
        }),
      );
      appends.push([`deployment-production.${service}`, production]);
      appends.push([
        `incident-${incident}`,
        [
          ev('dev.cdevents.incident.resolved.0.3.0', base + 10 * HOUR, incident, {
            environment: env('production'),
            service: env(service),
          }),
        ],
      ]);
    } else {
      production.push(
        ev('dev.cdeventsx.shiplog-deployment.completed.0.1.0', base + 8 * HOUR, `${service}-done`, {
          environment: env('production'),
          service: env(service),
          artifact: ref,
          outcome: 'success',
        }),
      );
      appends.push([`deployment-production.${service}`, production]);
      previous.set(service, purl);
    }
    for (const [stream, events] of appends) await options.store.appendToStream(stream, events);
    written += n;
    if (chain % 997 === 0 && sampleDigests.length < 64) sampleDigests.push(digest);
    if (written >= nextProgress) {
      options.onProgress?.(written);
      nextProgress += 100_000;
    }
  }
  return { events: written, chains: chain, services, lastMs, sampleDigests };
}
