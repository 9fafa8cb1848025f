import { describe, expect, it } from 'vitest';
import { closestKnownType } from './closestKnownType.ts';
import { parseEventType } from './parseEventType.ts';

describe('closestKnownType', () => {
  it.each([
    ['dev.cdevents.service.deployed.0.1.0', 'dev.cdevents.service.deployed.0.3.0'],
    ['dev.cdevents.service.deploy.0.3.0', 'dev.cdevents.service.deployed.0.3.0'],
    ['dev.cdevents.Service.Deployed.0.3.0', 'dev.cdevents.service.deployed.0.3.0'],
    ['dev.cdevents.service.deployed', 'dev.cdevents.service.deployed.0.3.0'],
    ['service.deployed', 'dev.cdevents.service.deployed.0.3.0'],
    ['dev.cdevents.change.created.0.3.0', 'dev.cdevents.change.created.0.4.0'],
    ['dev.cdeventsx.shiplog-gate.decided.0.2.0', 'dev.cdeventsx.shiplog-gate.decided.0.1.0'],
  ])('%s → %s', (type, expected) => {
    expect(closestKnownType(type)).toBe(expected);
  });

  it('names nothing when nothing is close', () => {
    expect(closestKnownType('hello world')).toBeUndefined();
    expect(closestKnownType('')).toBeUndefined();
  });

  it.each([
    'dev.cdevents.approval.created.0.1.0',
    'dev.cdevents.release.deployed.0.1.0',
    'dev.cdevents.service.exploded.0.3.0',
    'dev.cdeventsx.acme-branch.created.0.1.0',
  ])('suggests no unrelated type for %s (sharing one word is not enough)', (type) => {
    expect(closestKnownType(type)).toBeUndefined();
  });
});

describe('parseEventType', () => {
  it('splits standard and custom types', () => {
    expect(parseEventType('dev.cdevents.pipelinerun.finished.0.3.0')).toEqual({
      namespace: 'dev.cdevents',
      subject: 'pipelinerun',
      predicate: 'finished',
      version: '0.3.0',
    });
    expect(parseEventType('dev.cdeventsx.shiplog-sbom.generated.0.1.0')).toEqual({
      namespace: 'dev.cdeventsx',
      tool: 'shiplog',
      subject: 'sbom',
      predicate: 'generated',
      version: '0.1.0',
    });
    expect(parseEventType('dev.cdevents.service.deployed')).toBeUndefined();
  });
});
