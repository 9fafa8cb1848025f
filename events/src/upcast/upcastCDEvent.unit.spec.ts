import { describe, expect, it } from 'vitest';
import { EventsErrorCode } from '../errors.ts';
import { parseCDEvent } from '../parseCDEvent.ts';
import type { CDEvent } from '../parseCDEvent.ts';

// A pipeline run started as spec 0.4.0 producers sent it (the shape of the spec's own example).
function pipelineRunStarted040(): { context: Record<string, unknown>; subject: Record<string, unknown> } {
  return {
    context: {
      version: '0.4.0',
      id: 'run-1',
      chain_id: 'chain-1',
      source: '/tekton/ci',
      type: 'dev.cdevents.pipelinerun.started.0.2.0',
      timestamp: '2023-03-20T14:27:05.315384Z',
    },
    subject: {
      id: 'run-1',
      source: '/tekton/ci',
      type: 'pipelineRun',
      content: { pipelineName: 'release', url: 'https://ci.example.com/run-1' },
    },
  };
}

function serviceDeployed(type: string): {
  context: Record<string, unknown>;
  subject: Record<string, unknown>;
} {
  return {
    context: { specversion: '0.5.1', id: 'd-1', source: '/cd', type, timestamp: '2026-03-01T10:00:00Z' },
    subject: { id: 'app', content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/app@sha256%3Aab' } },
  };
}

function eventOf(value: unknown): CDEvent {
  const result = parseCDEvent(value);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.event;
}

function problemsOf(value: unknown) {
  const result = parseCDEvent(value);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('reading events of spec 0.3.0–0.4.1 as 0.5.1', () => {
  it('reads a 0.4.0 pipeline run in 0.5.1 words and leaves the producer’s event as sent', () => {
    const sent = pipelineRunStarted040();
    const before = structuredClone(sent);
    expect(eventOf(sent)).toEqual({
      context: {
        specversion: '0.5.1',
        id: 'run-1',
        chainId: 'chain-1',
        source: '/tekton/ci',
        type: 'dev.cdevents.pipelinerun.started.0.3.0',
        timestamp: '2023-03-20T14:27:05.315384Z',
      },
      subject: {
        id: 'run-1',
        source: '/tekton/ci',
        content: { pipelineName: 'release', uri: 'https://ci.example.com/run-1' },
      },
    });
    expect(sent).toEqual(before);
  });

  it('reads legacy test outcomes pass/fail as success/failure', () => {
    const event = {
      context: {
        version: '0.3.0',
        id: 't-1',
        source: '/tests',
        type: 'dev.cdevents.testcaserun.finished.0.1.0',
        timestamp: '2023-03-20T14:27:05Z',
      },
      subject: { id: 't-1', type: 'testCaseRun', content: { outcome: 'fail', environment: { id: 'ci' } } },
    };
    expect(eventOf(event).subject.content).toMatchObject({ outcome: 'failure' });
  });

  it('reads a queued test suite’s testSuite.url as uri (the 0.2.0 schema has url; the spec’s example has none)', () => {
    const event = {
      context: {
        version: '0.4.0',
        id: 's-1',
        source: '/tests',
        type: 'dev.cdevents.testsuiterun.queued.0.2.0',
        timestamp: '2023-03-20T14:27:05Z',
      },
      subject: {
        id: 's-1',
        type: 'testSuiteRun',
        content: {
          environment: { id: 'ci' },
          testSuite: { id: 'auth', url: 'https://tests.example.com/auth' },
        },
      },
    };
    expect(eventOf(event).subject.content).toEqual({
      environment: { id: 'ci' },
      testSuite: { id: 'auth', uri: 'https://tests.example.com/auth' },
    });
  });

  it('reports a problem of a legacy event at the field the producer sent', () => {
    const sent = pipelineRunStarted040();
    (sent.subject.content as Record<string, unknown>).url = 'not a uri';
    const [problem] = problemsOf(sent);
    expect(problem).toMatchObject({ path: '/subject/content/url', code: EventsErrorCode.BadFormat });
    expect(problem?.message).toContain('"not a uri"');
    sent.context.version = 7;
    expect(problemsOf(sent)[0]).toMatchObject({ path: '/context/version', code: EventsErrorCode.WrongType });
  });

  it('refuses a spec version it does not read, in either field, naming the ones it does', () => {
    const old = pipelineRunStarted040();
    old.context.version = '0.2.0';
    const [problem] = problemsOf(old);
    expect(problem).toMatchObject({ path: '/context/version', code: EventsErrorCode.SpecVersionUnknown });
    expect(problem?.message).toContain('"0.2.0"');
    expect(problem?.message).toContain('0.4.1');
    const future = serviceDeployed('dev.cdevents.service.deployed.0.3.0');
    future.context.specversion = '0.6.0';
    expect(problemsOf(future)[0]).toMatchObject({
      path: '/context/specversion',
      code: EventsErrorCode.SpecVersionUnknown,
    });
    future.context.specversion = '0.5.0';
    expect(parseCDEvent(future).ok).toBe(true);
  });

  it('refuses a type version older than the ones it upcasts, listing those it reads', () => {
    const [problem] = problemsOf(serviceDeployed('dev.cdevents.service.deployed.0.1.0'));
    expect(problem).toMatchObject({ path: '/context/type', code: EventsErrorCode.UnknownVersion });
    expect(problem?.message).toContain('0.1.1, 0.2.0, 0.3.0');
  });
});

describe('reading a newer minor or patch version of a known type', () => {
  it.each(['0.3.1', '0.4.0'])(
    'reads service.deployed %s as 0.3.0, unknown fields kept in the event sent',
    (v) => {
      const sent = serviceDeployed(`dev.cdevents.service.deployed.${v}`);
      (sent.subject.content as Record<string, unknown>).rollout = { strategy: 'canary' };
      const event = eventOf(sent);
      expect(event.context.type).toBe('dev.cdevents.service.deployed.0.3.0');
      expect(event.subject.content).toEqual({
        environment: { id: 'prod' },
        artifactId: 'pkg:oci/app@sha256%3Aab',
      });
      expect((sent.subject.content as Record<string, unknown>).rollout).toEqual({ strategy: 'canary' });
      expect(parseCDEvent(event)).toEqual({ ok: true, event });
    },
  );

  it('still checks a newer version against the known schema, and refuses another major version', () => {
    const sent = serviceDeployed('dev.cdevents.service.deployed.0.3.1');
    delete (sent.subject.content as Record<string, unknown>).artifactId;
    expect(problemsOf(sent)[0]).toMatchObject({
      path: '/subject/content/artifactId',
      code: EventsErrorCode.Required,
    });
    expect(problemsOf(serviceDeployed('dev.cdevents.service.deployed.1.0.0'))[0]).toMatchObject({
      code: EventsErrorCode.UnknownVersion,
    });
  });
});
