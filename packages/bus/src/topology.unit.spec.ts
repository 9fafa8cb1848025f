import { describe, expect, it } from 'vitest';
import { BusErrorCode } from './errors.ts';
import { answerSubject, jobSubject, resolveTopology } from './topology.ts';

describe('resolveTopology', () => {
  it('names streams and subjects after the namespace', () => {
    const topology = resolveTopology({ namespace: 'acme' });
    expect(topology.streams.events).toBe('acme-events');
    expect(topology.subjects.events).toBe('acme.events');
    expect(jobSubject(topology, 'build', 'linux-x64')).toBe('acme.jobs.build.linux-x64');
    expect(Object.isFrozen(topology)).toBe(true);
  });

  it('turns any event id into a single subject token', () => {
    const subject = answerSubject(resolveTopology(), 'urn:uuid:1.2 3*>');
    expect(subject.split('.')).toHaveLength(3);
    expect(subject).not.toMatch(/[\s*>]/);
    expect(answerSubject(resolveTopology(), 'a')).not.toBe(answerSubject(resolveTopology(), 'b'));
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
