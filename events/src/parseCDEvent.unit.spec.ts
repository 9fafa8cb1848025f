import { describe, expect, it } from 'vitest';
import { EventsErrorCode } from './errors.ts';
import { isEventType } from './eventTypes.ts';
import { parseCDEvent } from './parseCDEvent.ts';

function serviceDeployed(): Record<string, unknown> & {
  context: Record<string, unknown>;
  subject: Record<string, unknown>;
} {
  return {
    context: {
      specversion: '0.5.1',
      id: 'evt-1',
      source: '/ci/deploy',
      type: 'dev.cdevents.service.deployed.0.3.0',
      timestamp: '2026-03-01T10:00:00Z',
    },
    subject: {
      id: 'app',
      content: { environment: { id: 'production' }, artifactId: 'pkg:oci/app@sha256%3Aab' },
    },
  };
}

function problemsOf(value: unknown) {
  const result = parseCDEvent(value);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseCDEvent', () => {
  it('accepts a valid standard event and narrows it by type', () => {
    const result = parseCDEvent(serviceDeployed());
    expect(result.ok).toBe(true);
    if (result.ok && isEventType(result.event, 'dev.cdevents.service.deployed.0.3.0')) {
      expect(result.event.subject.content.artifactId).toBe('pkg:oci/app@sha256%3Aab');
    } else {
      expect.fail('not narrowed to service.deployed');
    }
  });

  it('names each problem by JSON Pointer and code', () => {
    const event = serviceDeployed();
    event.context.timestamp = '2026-02-30T10:00:00Z';
    delete event.subject.id;
    (event.subject.content as Record<string, unknown>).extra = true;
    event.customData = 7;
    const problems = problemsOf(event);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['/context/timestamp', EventsErrorCode.BadFormat],
      ['/subject/id', EventsErrorCode.Required],
      ['/subject/content/extra', EventsErrorCode.UnknownField],
      ['/customData', EventsErrorCode.NoVariantMatches],
    ]);
  });

  it('escapes JSON Pointer segments', () => {
    const event = serviceDeployed();
    (event.subject.content as Record<string, unknown>)['a/b~c'] = 1;
    expect(problemsOf(event)[0]?.path).toBe('/subject/content/a~1b~0c');
  });

  it('refuses an unknown version and names the known one', () => {
    const event = serviceDeployed();
    event.context.type = 'dev.cdevents.service.deployed.0.1.0';
    const [problem] = problemsOf(event);
    expect(problem).toMatchObject({ path: '/context/type', code: EventsErrorCode.UnknownVersion });
    expect(problem?.message).toContain('dev.cdevents.service.deployed.0.3.0');
  });

  it('names no type for an unrelated one that only shares a word with it', () => {
    const event = serviceDeployed();
    event.context.type = 'dev.cdevents.approval.created.0.1.0';
    const [problem] = problemsOf(event);
    expect(problem).toMatchObject({ path: '/context/type', code: EventsErrorCode.UnknownType });
    expect(problem?.message).toContain('"dev.cdevents.approval.created.0.1.0"');
    expect(problem?.message).not.toContain('did you mean');
  });

  it('refuses an unknown type, names the closest, and still reports the other problems', () => {
    const event = serviceDeployed();
    event.context.type = 'dev.cdevents.service.deploy.0.3.0';
    delete event.context.id;
    const problems = problemsOf(event);
    expect(problems[0]).toMatchObject({ path: '/context/type', code: EventsErrorCode.UnknownType });
    expect(problems[0]?.message).toContain('dev.cdevents.service.deployed.0.3.0');
    expect(problems[1]).toMatchObject({ path: '/context/id', code: EventsErrorCode.Required });
  });

  it('refuses an unknown shiplog custom type but accepts other tools’ custom types', () => {
    const ours = serviceDeployed();
    ours.context.type = 'dev.cdeventsx.shiplog-gate.decide.0.1.0';
    const [problem] = problemsOf(ours);
    expect(problem).toMatchObject({ code: EventsErrorCode.UnknownType });
    expect(problem?.message).toContain('dev.cdeventsx.shiplog-gate.decided.0.1.0');
    const theirs = serviceDeployed();
    theirs.context.type = 'dev.cdeventsx.mytool-resource.created.0.1.0';
    expect(parseCDEvent(theirs).ok).toBe(true);
  });

  it('reports non-objects and a missing context without throwing', () => {
    for (const value of [null, 42, 'text', [], {}]) {
      expect(parseCDEvent(value).ok).toBe(false);
    }
    expect(problemsOf({ subject: {} })[0]).toMatchObject({
      path: '/context',
      code: EventsErrorCode.Required,
    });
  });

  it('flags __proto__ keys and never pollutes Object.prototype', () => {
    const event = JSON.parse(
      '{"context":{"specversion":"0.5.1","id":"x","source":"/s","type":"dev.cdevents.service.deployed.0.3.0",' +
        '"timestamp":"2026-03-01T10:00:00Z","links":[{"linkType":"END","tags":{"__proto__":{"polluted":true}}}]},' +
        '"subject":{"id":"a","content":{"environment":{"id":"p"},"artifactId":"x"}}}',
    ) as unknown;
    const problems = problemsOf(event);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['/context/links/0/tags/__proto__', EventsErrorCode.ForbiddenKey],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps constructor and prototype keys as plain data where extra keys are allowed', () => {
    const event = serviceDeployed();
    event.context.links = [{ linkType: 'END', tags: { constructor: { prototype: { x: 1 } }, prototype: 1 } }];
    const result = parseCDEvent(event);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('refuses values nested 10,000 deep or cyclic, built in code, without overflowing the stack', () => {
    const event = serviceDeployed();
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 10_000; i++) deep = deep.a = {};
    event.customData = top;
    expect(problemsOf(event)[0]).toMatchObject({ code: EventsErrorCode.DocumentTooDeep });
    const cyclic = serviceDeployed();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    loop.again = loop;
    cyclic.customData = loop;
    expect(problemsOf(cyclic)[0]).toMatchObject({
      path: '/customData/self',
      code: EventsErrorCode.FieldInvalid,
    });
    const shared: Record<string, unknown> = {};
    let level = shared;
    for (let i = 0; i < 40; i++) level = level.a = level.b = {};
    const dag = serviceDeployed();
    dag.customData = shared;
    expect(parseCDEvent(dag).ok).toBe(true);
  });
});
