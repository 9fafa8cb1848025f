import { describe, expect, it } from 'vitest';
import { EventsError, EventsErrorCode } from '../errors.ts';
import { parseCDEvent } from '../parseCDEvent.ts';
import { shiplogEventExamples } from '../testing/shiplogEventExamples.ts';
import { createShiplogEvent } from './createShiplogEvent.ts';
import { shiplogEventSchemas } from './shiplogEvents.ts';

const digest = `sha256:${'f'.repeat(64)}`;

describe('createShiplogEvent', () => {
  it('builds a valid gate decision that parseCDEvent accepts', () => {
    const event = createShiplogEvent('dev.cdeventsx.shiplog-gate.decided.0.1.0', {
      id: 'gate-1',
      source: '/shiplog/gate',
      timestamp: new Date('2026-03-01T10:00:00Z'),
      subjectId: 'gate-production-1',
      chainId: 'chain-1',
      content: {
        gateId: 'production-entry',
        stage: 'deploy',
        environment: { id: 'production' },
        artifact: { digest },
        decision: 'allow',
        reasons: [],
        policy: { id: 'default', digest },
        evidence: [{ eventId: 'v-1', hash: digest }],
      },
    });
    expect(event.context).toMatchObject({
      specversion: '0.5.1',
      timestamp: '2026-03-01T10:00:00.000Z',
      chainId: 'chain-1',
    });
    expect(parseCDEvent(event)).toEqual({ ok: true, event });
  });

  it('throws EVENT_INVALID with problems for a bad digest and an artifact without digest or purl', () => {
    const attempt = (artifact: object) => () =>
      createShiplogEvent('dev.cdeventsx.shiplog-deployment.completed.0.1.0', {
        source: '/ci',
        timestamp: '2026-03-01T10:00:00Z',
        subjectId: 'd-1',
        content: { environment: { id: 'p' }, service: { id: 's' }, artifact, outcome: 'success' },
      });
    for (const artifact of [{ digest: 'sha256:ABC' }, {}]) {
      try {
        attempt(artifact)();
        expect.fail('expected an error');
      } catch (err) {
        expect(err).toBeInstanceOf(EventsError);
        expect((err as EventsError).code).toBe(EventsErrorCode.EventInvalid);
        expect((err as EventsError).problems[0]?.path).toMatch(/^\/subject\/content\/artifact/);
      }
    }
  });

  it('has a valid example for every shiplog type, each refused when its content breaks a rule', () => {
    for (const [type, example] of Object.entries(shiplogEventExamples)) {
      expect(parseCDEvent(example), type).toMatchObject({ ok: true });
      const broken = structuredClone(example) as { subject: { content: Record<string, unknown> } };
      broken.subject.content.unexpected = 1;
      expect(parseCDEvent(broken), type).toMatchObject({
        ok: false,
        problems: [{ path: '/subject/content/unexpected', code: EventsErrorCode.UnknownField }],
      });
    }
    expect(Object.keys(shiplogEventExamples)).toHaveLength(Object.keys(shiplogEventSchemas).length);
  });
});
