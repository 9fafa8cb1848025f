import { describe, expect, it } from 'vitest';
import { BusErrorCode } from './errors.ts';
import {
  ANSWER_ROUTE_HEADER,
  answerFilter,
  answerRoute,
  answerSubject,
  jobSubject,
  NO_ROUTE,
  resolveTopology,
} from './topology.ts';

describe('resolveTopology', () => {
  it('names streams and subjects after the namespace', () => {
    const topology = resolveTopology({ namespace: 'acme' });
    expect(topology.streams.events).toBe('acme-events');
    expect(topology.subjects.events).toBe('acme.events');
    expect(jobSubject(topology, 'build', 'linux-x64')).toBe('acme.jobs.build.linux-x64');
    expect(Object.isFrozen(topology)).toBe(true);
  });

  it('keeps one copy of each stream by default and refuses more copies than JetStream keeps', () => {
    expect(resolveTopology().replicas).toBe(1);
    expect(resolveTopology({ replicas: 3 }).replicas).toBe(3);
    for (const replicas of [0, 6, 1.5]) {
      expect(() => resolveTopology({ replicas })).toThrow(
        expect.objectContaining({ code: BusErrorCode.InvalidArgument }),
      );
    }
  });

  it('turns any event id into a single subject token, after its sender and before the answer route', () => {
    const subject = answerSubject(resolveTopology(), 'ci', 'urn:uuid:1.2 3*>', 'r1');
    expect(subject.split('.')).toHaveLength(5);
    expect(subject).toMatch(/^shiplog\.answers\.ci\.[A-Za-z0-9_-]+\.r1$/);
    expect(answerSubject(resolveTopology(), 'ci', 'a')).not.toBe(answerSubject(resolveTopology(), 'ci', 'b'));
    expect(answerSubject(resolveTopology(), 'ci', 'a')).not.toBe(answerSubject(resolveTopology(), 'cd', 'a'));
    expect(answerSubject(resolveTopology(), 'ci', 'a')).toBe(
      `${answerFilter(resolveTopology(), 'ci', 'a').slice(0, -1)}_`,
    );
  });

  it('takes an answer route from the headers only when it is one plain subject token', () => {
    expect(answerRoute({ [ANSWER_ROUTE_HEADER]: 'Ab_9-x' })).toBe('Ab_9-x');
    expect(answerRoute({ 'shiplog-answer-route': 'lower' })).toBe('lower');
    for (const hostile of ['', 'a.b', 'a*', '>', 'a b', 'x'.repeat(65), 'é'])
      expect(answerRoute({ [ANSWER_ROUTE_HEADER]: hostile })).toBe(NO_ROUTE);
    expect(answerRoute(undefined)).toBe(NO_ROUTE);
  });

  it.each([
    { namespace: 'Has.Dot' },
    { namespace: '' },
    { jobQueues: ['build', 'bad queue'] },
    { duplicateWindowMs: 0 },
    { rejectedMaxMsgs: 1.5 },
  ])('refuses %j', (options) => {
    expect(() => resolveTopology(options)).toThrow(
      expect.objectContaining({ code: BusErrorCode.InvalidArgument }),
    );
  });
});
