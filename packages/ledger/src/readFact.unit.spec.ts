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

  it('reads a gate decision with the exceptions it used, pinned by id and hash (none when older)', () => {
    const event = shiplogEventExamples['dev.cdeventsx.shiplog-gate.decided.0.1.0'] as GateDecidedEvent;
    const used = {
      eventId: 'x-1',
      hash: `sha256:${'cd'.repeat(32)}`,
      producer: 'approvals',
      check: 'accessibility' as const,
      approver: 'alice@example.com',
      reason: 'contrast fix ships in 1.4.1',
      expiresAt: '2026-04-01T00:00:00Z',
      waived: [{ code: 'WCAG_VIOLATIONS', message: '3 violations' }],
    };
    const withException = {
      ...event,
      subject: { ...event.subject, content: { ...event.subject.content, exceptions: [used] } },
    };
    expect(readFact(record(JSON.stringify(withException)))?.fact).toMatchObject({
      kind: 'gate',
      exceptions: [{ eventId: 'x-1', hash: used.hash }],
    });
    expect(readFact(record(JSON.stringify(event)))?.fact).toMatchObject({ kind: 'gate', exceptions: [] });
  });

  it('reads a recorded exception: the check, the bytes, where, who, why and until when', () => {
    const event = shiplogEventExamples['dev.cdeventsx.shiplog-exception.granted.0.1.0'];
    const read = readFact({ ...record(JSON.stringify(event)), type: event.context.type });
    expect(read?.fact).toMatchObject({
      kind: 'exception',
      check: 'accessibility',
      environment: 'staging',
      approver: 'alice@example.com',
      reason: 'colour-contrast fix ships in 1.4.1 (A11Y-31)',
      expiresAt: '2026-04-01T00:00:00Z',
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
