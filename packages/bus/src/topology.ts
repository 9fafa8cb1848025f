import { BusError, BusErrorCode } from './errors.ts';

/** Stream and subject settings; every field has a default. */
export interface TopologyOptions {
  /** First subject token and stream name prefix (default `shiplog`); tests use a unique one each. */
  readonly namespace?: string;
  /** Window in which a repeated msgId is dropped as a duplicate (default 10 min). */
  readonly duplicateWindowMs?: number;
  /** Work queues, one stream each (default build, sbom, sign, gate, publish: the release workers'). */
  readonly jobQueues?: readonly string[];
  /** Bounds of the rejected log; the oldest entries are dropped first. */
  readonly rejectedMaxMsgs?: number;
  readonly rejectedMaxBytes?: number;
  /** How long recorded answers stay readable for emitter retries (default 24 h). */
  readonly answersMaxAgeMs?: number;
  /**
   * Copies JetStream keeps of every stream (default 1; 3 or 5 on a cluster, at most 5 and never
   * more than the cluster's nodes). Existing streams are updated to it by `ensureTopology`.
   */
  readonly replicas?: number;
}

/** The resolved, frozen topology: names and limits shared by both adapters. */
export interface Topology {
  readonly namespace: string;
  readonly duplicateWindowMs: number;
  readonly jobQueues: readonly string[];
  readonly rejectedMaxMsgs: number;
  readonly rejectedMaxBytes: number;
  readonly answersMaxAgeMs: number;
  readonly replicas: number;
  readonly streams: { readonly events: string; readonly answers: string; readonly rejected: string };
  readonly subjects: { readonly events: string; readonly answers: string; readonly rejected: string };
}

const defaults = {
  namespace: 'shiplog',
  duplicateWindowMs: 10 * 60_000,
  jobQueues: ['build', 'sbom', 'sign'],
  rejectedMaxMsgs: 10_000,
  rejectedMaxBytes: 64 * 1024 * 1024,
  answersMaxAgeMs: 24 * 60 * 60_000,
  replicas: 1,
} as const;

/** JetStream keeps at most five copies of a stream. */
export const MAX_REPLICAS = 5;

const namePattern = /^[a-z0-9][a-z0-9_-]*$/;

/** Merges options over the defaults and checks every name can be a NATS subject token and stream name. */
export function resolveTopology(options: TopologyOptions = {}): Topology {
  const namespace = options.namespace ?? defaults.namespace;
  assertName('namespace', namespace);
  const jobQueues = [...(options.jobQueues ?? defaults.jobQueues)];
  for (const queue of jobQueues) assertName('job queue', queue);
  const numbers = {
    duplicateWindowMs: options.duplicateWindowMs ?? defaults.duplicateWindowMs,
    rejectedMaxMsgs: options.rejectedMaxMsgs ?? defaults.rejectedMaxMsgs,
    rejectedMaxBytes: options.rejectedMaxBytes ?? defaults.rejectedMaxBytes,
    answersMaxAgeMs: options.answersMaxAgeMs ?? defaults.answersMaxAgeMs,
  };
  for (const [field, value] of Object.entries(numbers)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new BusError(BusErrorCode.InvalidArgument, `topology ${field} must be a positive integer`);
    }
  }
  const replicas = options.replicas ?? defaults.replicas;
  if (!Number.isSafeInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
    throw new BusError(
      BusErrorCode.InvalidArgument,
      `topology replicas must be a whole number from 1 to ${MAX_REPLICAS}, got ${String(replicas)}`,
    );
  }
  return Object.freeze({
    namespace,
    ...numbers,
    replicas,
    jobQueues: Object.freeze(jobQueues),
    streams: Object.freeze({
      events: `${namespace}-events`,
      answers: `${namespace}-answers`,
      rejected: `${namespace}-rejected`,
    }),
    subjects: Object.freeze({
      events: `${namespace}.events`,
      answers: `${namespace}.answers`,
      rejected: `${namespace}.rejected`,
    }),
  });
}

/** Stream holding one work queue. */
export function jobStream(topology: Topology, queue: string): string {
  return `${topology.namespace}-jobs-${queue}`;
}

/** Subject of the jobs of one queue for one platform: `<namespace>.jobs.<queue>.<platform>`. */
export function jobSubject(topology: Topology, queue: string, platform: string): string {
  return `${topology.namespace}.jobs.${queue}.${platform}`;
}

/**
 * Header an emitter sends with its events to have every answer on `<answers>.<sender>.<id>.<route>`,
 * so that one subscription (`<answers>.<sender>.*.<route>`) serves all it emits instead of one per event.
 */
export const ANSWER_ROUTE_HEADER = 'Shiplog-Answer-Route';
/** The route of answers to emitters that named none (or named one that is not a plain token). */
export const NO_ROUTE = '_';
const routePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The answer route an event's headers name, or {@link NO_ROUTE}. */
export function answerRoute(headers: Readonly<Record<string, string>> | undefined): string {
  const route = headers?.[ANSWER_ROUTE_HEADER] ?? headers?.[ANSWER_ROUTE_HEADER.toLowerCase()];
  return route !== undefined && routePattern.test(route) ? route : NO_ROUTE;
}

/**
 * Subject of the answer for one msgId of one sender, sent along `route`:
 * `<answers>.<sender>.<base64url(msgId)>.<route>`. The id is base64url-encoded so any id is one
 * token; the sender token lets permissions give each NATS user its own answers only.
 */
export function answerSubject(topology: Topology, sender: string, msgId: string, route = NO_ROUTE): string {
  return `${topology.subjects.answers}.${sender}.${Buffer.from(msgId, 'utf8').toString('base64url')}.${route}`;
}

/** Every answer subject of one sender's msgId, whatever its route: where a retry looks for the stored answer. */
export function answerFilter(topology: Topology, sender: string, msgId: string): string {
  return answerSubject(topology, sender, msgId, '*');
}

export function assertName(what: string, value: string): void {
  if (!namePattern.test(value)) {
    throw new BusError(BusErrorCode.InvalidArgument, `${what} "${value}" must match ${String(namePattern)}`);
  }
}

export function assertJobQueue(topology: Topology, queue: string): void {
  if (!topology.jobQueues.includes(queue)) {
    throw new BusError(BusErrorCode.InvalidArgument, `unknown job queue "${queue}"`);
  }
}

// One or more dot-separated tokens, none empty, none with whitespace or a wildcard.
const tokensPattern = /^[^\s*>.]+(?:\.[^\s*>.]+)*$/;

export function assertEventSubject(topology: Topology, subject: string): void {
  const prefix = `${topology.subjects.events}.`;
  if (!subject.startsWith(prefix) || !tokensPattern.test(subject.slice(prefix.length))) {
    throw new BusError(BusErrorCode.InvalidArgument, `event subject must be ${prefix}<tokens>: "${subject}"`);
  }
}

export function assertMsgId(msgId: string | undefined): void {
  if (msgId !== undefined && msgId.length === 0) {
    throw new BusError(BusErrorCode.InvalidArgument, 'msgId must not be empty');
  }
}
