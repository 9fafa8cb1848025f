import type { GateDecidedEvent } from '@shiplog/events';
import { shiplogEventExamples } from '@shiplog/events/testing';
import type { RecordedEvent } from '@shiplog/store';
import { describe, expect, it } from 'vitest';
import { readFact } from './readFact.ts';

const record = (data: string, position = 7): RecordedEvent => ({
  streamId: 's',
  revision: 0,
  position,
  id: 'e1',
  source: '/ci',
  type: 'dev.cdeventsx.shiplog-gate.decided.0.1.0',
  data,
  producer: 'ci',
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '0',
  streamPrevHash: '0',
  hash: '0',
});

describe('readFact: the one reader from a stored record to a typed fact', () => {
  it('gives every shiplog event type a meaning other than "other"', () => {
    for (const [type, event] of Object.entries(shiplogEventExamples)) {
      const read = readFact(record(JSON.stringify(event)));
      expect(read?.fact.kind, type).not.toBe('other');
    }
  });

  it('reads a gate decision with the fields the read models show, stamped with its position', () => {
    const event = shiplogEventExamples['dev.cdeventsx.shiplog-gate.decided.0.1.0'] as GateDecidedEvent;
    const read = readFact(record(JSON.stringify(event), 42));
    expect(read?.stamp).toMatchObject({ eventId: event.context.id, position: 42 });
    expect(read?.fact).toMatchObject({
      kind: 'gate',
      gateId: event.subject.content.gateId,
      decision: event.subject.content.decision,
      reasons: event.subject.content.reasons.map((r) => r.code),
    });
  });

  it('reads text that is not one event object as nothing, without throwing', () => {
    expect(readFact(record('{not json'))).toBeUndefined();
    expect(readFact(record('[1,2]'))).toBeUndefined();
    expect(readFact(record('"text"'))).toBeUndefined();
  });

  it('reads a recorded event whose content lacks what its type requires as nothing', () => {
    const event = shiplogEventExamples['dev.cdeventsx.shiplog-approval.granted.0.1.0'];
    const broken = { ...event, subject: { ...event.subject, content: {} } };
    expect(readFact(record(JSON.stringify(broken)))).toBeUndefined();
  });
});
