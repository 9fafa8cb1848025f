import { describe, expect, it } from 'vitest';
import { createCDEvent } from './createCDEvent.ts';
import { EventsError, EventsErrorCode } from './errors.ts';
import { parseCDEvent } from './parseCDEvent.ts';

describe('createCDEvent', () => {
  it('builds a standard event with custom data, stamped now when no time is given', () => {
    const before = Date.now();
    const event = createCDEvent('dev.cdevents.service.deployed.0.3.0', {
      source: '/argocd/prod',
      subjectId: 'shop',
      content: { environment: { id: 'production' }, artifactId: 'pkg:npm/shop@1.0.0' },
      customData: { supersedes: 'd-0' },
    });
    expect(Date.parse(event.context.timestamp)).toBeGreaterThanOrEqual(before);
    expect(event.context.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseCDEvent(event)).toEqual({ ok: true, event });
  });

  it('names every problem (EVENT_INVALID) when the input breaks the contract', () => {
    try {
      createCDEvent('dev.cdevents.service.deployed.0.3.0', {
        source: '/argocd/prod',
        subjectId: '',
        content: { environment: { id: 'production' }, artifactId: '' },
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EventsError);
      expect((err as EventsError).code).toBe(EventsErrorCode.EventInvalid);
      expect((err as EventsError).problems.map((p) => p.path).sort()).toEqual([
        '/subject/content/artifactId',
        '/subject/id',
      ]);
    }
  });
});
