import fc from 'fast-check';
import { customDataText, eventIdText, oddText, sourceText, timestampText } from './invariantEvents.ts';
import { bigNumberTwins, oddClassOf } from './invariantEvents.ts';
import type { GeneratedEvent } from './invariantEvents.ts';

/** The ways into the ledger: the CLI (embedded store), HTTP in both CloudEvents modes, NATS. */
export const ways = ['cli', 'http-binary', 'http-structured', 'nats'] as const;
export type Way = (typeof ways)[number];

const kinds = ['deployed', 'upgraded', 'packaged', 'changed'] as const;

/** Fields an event can be broken in, each with the JSON pointer a refusal must name. */
const breakages = [
  { field: '/context/timestamp', apply: (e: Draft) => void (e.context.timestamp = 'not a time') },
  { field: '/context/source', apply: (e: Draft) => void (e.context.source = 'not a uri reference') },
  { field: '/subject/id', apply: (e: Draft) => void (e.subject.id = '') },
  {
    field: '/context/type',
    apply: (e: Draft) => void (e.context.type = 'dev.cdevents.service.deployed.9.9.9'),
  },
] as const;

interface Draft {
  context: Record<string, unknown>;
  subject: { id: string; content: Record<string, unknown> };
  customData?: unknown;
}

/** One event of a run: indexes into the run's pools, so ids, sources and targets repeat. */
const step = fc.record({
  kind: fc.constantFrom(...kinds),
  id: fc.nat(1),
  source: fc.nat(1),
  env: fc.nat(1),
  service: fc.nat(1),
  artifact: fc.nat(1),
  timestamp: timestampText,
  customData: customDataText,
  way: fc.constantFrom(...ways),
  // Odd but rarer than plain events, so that every way in also records some in a short CI run.
  wrapInArray: fc.constantFrom(false, false, false, true),
  broken: fc.option(fc.nat(breakages.length - 1), { freq: 5 }),
  /** The same event sent again (a retry, or the same fact reported twice), by this way. */
  again: fc.option(fc.constantFrom(...ways), { freq: 3 }),
});

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

/** A run: pools of ids, sources, environments, services and artifacts, and the events drawn from them. */
export const runPlan = fc.record({
  ids: fc.uniqueArray(eventIdText, { minLength: 2, maxLength: 2 }),
  sources: fc.uniqueArray(sourceText, { minLength: 2, maxLength: 2 }),
  envs: fc.uniqueArray(oddText(), { minLength: 2, maxLength: 2 }),
  services: fc.uniqueArray(oddText(), { minLength: 2, maxLength: 2 }),
  artifacts: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/), hex64), {
    minLength: 2,
    maxLength: 2,
  }),
  steps: fc.array(step, { minLength: 3, maxLength: 7 }),
});
export type RunPlan = typeof runPlan extends fc.Arbitrary<infer T> ? T : never;

const typeOf = {
  deployed: 'dev.cdevents.service.deployed.0.3.0',
  upgraded: 'dev.cdevents.service.upgraded.0.3.0',
  packaged: 'dev.cdevents.artifact.packaged.0.3.0',
  changed: 'dev.cdevents.change.created.0.4.0',
} as const;

/** A planned event, and how it travels. */
export interface PlannedEvent extends GeneratedEvent {
  readonly way: Way;
  readonly wrapInArray: boolean;
}

/**
 * The events of a run. `tag` is unique per run and marks ids and environments, so runs never
 * meet in the shared ledger; a broken event gets an id of its own, so nothing else explains a record.
 */
export function eventsOf(plan: RunPlan, tag: string): PlannedEvent[] {
  const at = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;
  return plan.steps.flatMap((s, n) => {
    const [name, hex] = at(plan.artifacts, s.artifact);
    const purl = `pkg:oci/${name}@sha256:${hex}?tag=1.${n}.0`;
    const env = `${at(plan.envs, s.env)}@${tag}`;
    const service = at(plan.services, s.service);
    const id = s.broken === null ? `${at(plan.ids, s.id)}@${tag}` : `${at(plan.ids, s.id)}@${tag}!${n}`;
    const draft: Draft = {
      context: {
        specversion: '0.5.1',
        id,
        source: at(plan.sources, s.source),
        type: typeOf[s.kind],
        timestamp: s.timestamp,
      },
      subject:
        s.kind === 'packaged'
          ? { id: purl, content: { change: { id: `change-${tag}` } } }
          : s.kind === 'changed'
            ? { id: `change-${tag}-${n}`, content: { repository: { id: 'acme/shop' } } }
            : { id: service, content: { environment: { id: env }, artifactId: purl } },
    };
    const breakage = s.broken === null ? undefined : breakages[s.broken];
    breakage?.apply(draft);
    const body = JSON.stringify(draft);
    // customData goes in as text, so numbers JSON.stringify could not write reach the ledger as sent.
    const text = s.customData === undefined ? body : `${body.slice(0, -1)},"customData":${s.customData}}`;
    const deploys = s.kind === 'deployed' || s.kind === 'upgraded';
    const oddClass = oddClassOf(text, s.timestamp, s.wrapInArray);
    const event: PlannedEvent = {
      text,
      ...(oddClass === undefined ? {} : { oddClass }),
      id,
      source: String(draft.context['source']),
      type: String(draft.context['type']),
      ...(deploys && breakage === undefined ? { deployment: { env, service, at: s.timestamp } } : {}),
      ...(breakage === undefined ? {} : { brokenField: breakage.field }),
      way: s.way,
      wrapInArray: s.wrapInArray,
    };
    if (s.again === null) return [event];
    // A number beyond double precision comes back as its twin: other content under the same key.
    const twin = bigNumberTwins.find(([literal]) => text.endsWith(`"customData":{"n":${literal}}}`));
    const again = twin === undefined ? event.text : `${text.slice(0, -(twin[0].length + 2))}${twin[1]}}}`;
    return [event, { ...event, text: again, way: s.again }];
  });
}
