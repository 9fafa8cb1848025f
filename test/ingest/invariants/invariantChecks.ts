import type { RecordAnswer } from '@shiplog/ledger';
import type { RecordedEvent } from '@shiplog/store';
import { expect } from 'vitest';
import type { PlannedEvent } from './invariantPlans.ts';
import { sameContent } from './sameContent.ts';
import type { InvariantWorld } from './invariantWorld.ts';

/** Every `eventId` anywhere in an answer document. */
function eventIdsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) eventIdsIn(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'eventId' && typeof child === 'string') into.add(child);
      else eventIdsIn(child, into);
    }
  }
  return into;
}

const same = sameContent;

/**
 * A name as a URL component. An auditor can only ask about what a URL (or a command line) can
 * carry: a recorded name with a lone surrogate in it cannot be asked about, which fails here.
 */
export function param(text: string): string {
  expect(text.isWellFormed(), `recorded, but no one can ask about ${JSON.stringify(text)}`).toBe(true);
  return encodeURIComponent(text);
}
const describeEvent = (event: PlannedEvent, answer: RecordAnswer) =>
  `${event.way} ${event.text}\n→ ${JSON.stringify(answer)}`;

/** An event of an odd class refused as a whole: allowed, if a problem names where (the wrapper, for an array). */
function checkOddRefused(event: PlannedEvent, answer: RecordAnswer) {
  expect(event.oddClass, `a valid event is recorded: ${describeEvent(event, answer)}`).toBeDefined();
  expect(answer.status, describeEvent(event, answer)).toBe('refused');
  const paths = answer.status === 'refused' ? answer.problems.map((p) => p.path) : [];
  const named = event.oddClass === 'array' ? paths.length > 0 : paths.some((path) => path !== '');
  expect(named, `the refusal names a field: ${describeEvent(event, answer)}`).toBe(true);
}

/** Answered refused: nothing of it recorded, and a problem names the field that was broken. */
async function checkRefused(world: InvariantWorld, event: PlannedEvent, answer: RecordAnswer) {
  expect(answer.status, describeEvent(event, answer)).toBe('refused');
  const problems = answer.status === 'refused' ? answer.problems : [];
  // In a structured-mode CloudEvent the CDEvent is its `data`, and the pointer says so.
  const field = `${event.way === 'http-structured' ? '/data' : ''}${event.brokenField ?? ''}`;
  // Odd input (issue #14) may be refused for its oddity first: then that is the field named.
  const odd = (path: string) => event.oddClass !== undefined && (event.oddClass === 'array' || path !== '');
  expect(
    problems.some((p) => p.path === field || p.path.startsWith(`${field}/`) || odd(p.path)),
    `a problem names ${field}: ${describeEvent(event, answer)}`,
  ).toBe(true);
  const stored = await world.store.readEventsById(event.id);
  expect(stored.filter((record) => record.data === event.text)).toEqual([]);
}

/**
 * The invariant for one run's events, whatever order they arrived in: per fact (source, id),
 * exactly one record; sends of its content answered recorded (once) or duplicate, with its
 * position; sends of other content refused EVENT_ID_REUSED; the recorded fact visible to `why`
 * and, for a deployment, to `history` and `deployed`.
 */
export async function checkRun(
  world: InvariantWorld,
  events: readonly PlannedEvent[],
  answers: readonly RecordAnswer[],
) {
  const facts = new Map<string, { event: PlannedEvent; answer: RecordAnswer }[]>();
  for (const [index, event] of events.entries()) {
    const answer = answers[index] as RecordAnswer;
    if (event.brokenField !== undefined) await checkRefused(world, event, answer);
    else {
      const key = JSON.stringify([event.source, event.id]);
      facts.set(key, [...(facts.get(key) ?? []), { event, answer }]);
    }
  }
  // The sources that have a recorded fact under each id (odd input may be refused whole).
  const records = new Map<string, RecordedEvent | undefined>();
  const sourcesOf = new Map<string, Set<string>>();
  for (const [key, sends] of facts) {
    const { event } = sends[0] as { event: PlannedEvent };
    const record = await world.store.readEvent(event.id, event.source);
    records.set(key, record);
    if (record !== undefined)
      sourcesOf.set(event.id, (sourcesOf.get(event.id) ?? new Set()).add(event.source));
  }
  const recordedDeployments: PlannedEvent[] = [];
  for (const [key, sends] of facts) {
    const { event } = sends[0] as { event: PlannedEvent };
    const record = records.get(key);
    if (record === undefined) {
      // Only input of the odd classes (issue #14) may be refused whole; the reason names a field.
      for (const { event: sent, answer } of sends) checkOddRefused(sent, answer);
      continue;
    }
    const stored = sends.filter((s) => same(s.event.text, record.data));
    expect(stored.length, `one of the sends is what was stored: ${record.data}`).toBeGreaterThan(0);
    expect(stored.filter((s) => s.answer.status === 'recorded')).toHaveLength(1);
    for (const { event: sent, answer } of sends) {
      const reused =
        answer.status === 'refused' && answer.problems.some((p) => String(p.code) === 'EVENT_ID_REUSED');
      if (sent.oddClass !== undefined && answer.status === 'refused' && !reused)
        checkOddRefused(sent, answer);
      else if (same(sent.text, record.data)) {
        expect(['recorded', 'duplicate'], describeEvent(sent, answer)).toContain(answer.status);
        expect(answer.status !== 'refused' && answer.position, describeEvent(sent, answer)).toBe(
          record.position,
        );
      } else {
        expect(
          answer.status === 'refused' && answer.problems.map((p) => [p.path, p.code]),
          describeEvent(sent, answer),
        ).toEqual([['/context/id', 'EVENT_ID_REUSED']]);
      }
    }
    const why = await world.get(`/v1/why/${param(event.id)}`);
    expect(why.status, `why ${event.id}: ${JSON.stringify(why.body)}`).toBe(200);
    expect([...eventIdsIn(why.body)], `why ${event.id} shows it`).toContain(event.id);
    const several = (sourcesOf.get(event.id)?.size ?? 0) > 1;
    if (several) expect((why.body as { sources?: string[] }).sources).toContain(event.source);
    const winner = stored.find((s) => s.answer.status === 'recorded')?.event;
    if (winner?.deployment !== undefined) recordedDeployments.push(winner);
  }
  await checkDeployments(world, recordedDeployments);
}

/** A recorded deployment is in its target's history, and is what runs there at its instant (unless another has that instant too). */
async function checkDeployments(world: InvariantWorld, deployments: readonly PlannedEvent[]) {
  for (const event of deployments) {
    const { env, service, at } = event.deployment as NonNullable<PlannedEvent['deployment']>;
    const query = `env=${param(env)}&service=${param(service)}`;
    const history = await world.get(`/v1/history?${query}`);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect([...eventIdsIn(history.body)], `history of ${env}/${service} shows ${event.id}`).toContain(
      event.id,
    );
    const rivals = deployments.filter(
      (other) =>
        other !== event &&
        other.deployment?.env === env &&
        other.deployment.service === service &&
        Date.parse(other.deployment.at) === Date.parse(at),
    );
    if (rivals.length > 0) continue;
    const deployed = await world.get(`/v1/deployed?${query}&at=${param(at)}`);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    expect([...eventIdsIn(deployed.body)], `deployed in ${env}/${service} at ${at}`).toContain(event.id);
  }
}
