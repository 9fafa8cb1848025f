import { describe, expect, it } from 'vitest';
import {
  fromBinaryCloudEvent,
  fromStructuredCloudEvent,
  toBinaryCloudEvent,
  toStructuredCloudEvent,
} from './cloudEvents.ts';
import { EventsErrorCode } from './errors.ts';
import type { CDEvent } from './parseCDEvent.ts';
import { parseCDEvent } from './parseCDEvent.ts';

function sample(): CDEvent {
  const result = parseCDEvent({
    context: {
      specversion: '0.5.1',
      id: 'évt 1%',
      source: '/ci/deploy',
      type: 'dev.cdevents.service.deployed.0.3.0',
      timestamp: '2026-03-01T10:00:00Z',
    },
    subject: { id: 'app "main"', content: { environment: { id: 'production' }, artifactId: 'pkg:oci/app' } },
  });
  if (!result.ok) throw new Error('sample is invalid');
  return result.event;
}

describe('CloudEvents binding', () => {
  it('structured mode copies the context into the attributes and round-trips', () => {
    const ce = toStructuredCloudEvent(sample());
    expect(ce).toMatchObject({
      specversion: '1.0',
      id: 'évt 1%',
      source: '/ci/deploy',
      type: 'dev.cdevents.service.deployed.0.3.0',
      subject: 'app "main"',
      time: '2026-03-01T10:00:00Z',
      datacontenttype: 'application/json',
    });
    const back = fromStructuredCloudEvent(JSON.parse(JSON.stringify(ce)));
    expect(back).toEqual({ ok: true, event: sample() });
  });

  it('binary mode percent-encodes header values and round-trips with any header case', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(headers['ce-id']).toBe('%C3%A9vt%201%25');
    expect(headers['ce-subject']).toBe('app%20%22main%22');
    for (const value of Object.values(headers)) expect(value).toMatch(/^[\x21-\x7e]+$/);
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(fromBinaryCloudEvent(upper, new TextEncoder().encode(body))).toEqual({
      ok: true,
      event: sample(),
    });
  });

  it('refuses attributes that disagree with the CDEvent', () => {
    const ce = { ...toStructuredCloudEvent(sample()), type: 'dev.cdevents.service.upgraded.0.3.0' };
    expect(fromStructuredCloudEvent(ce)).toMatchObject({
      ok: false,
      problems: [{ path: '/type', code: EventsErrorCode.CloudEventInvalid }],
    });
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(fromBinaryCloudEvent({ ...headers, 'ce-source': '/elsewhere' }, body)).toMatchObject({
      ok: false,
      problems: [{ path: 'ce-source', code: EventsErrorCode.CloudEventInvalid }],
    });
  });

  it('takes a ce-id other than context.id as the transport id: the fact keeps context.id', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(fromBinaryCloudEvent({ ...headers, 'ce-id': 'a-random-uuid' }, body)).toEqual({
      ok: true,
      event: sample(),
    });
    expect(fromBinaryCloudEvent({ ...headers, 'ce-id': '' }, body)).toMatchObject({
      ok: false,
      problems: [{ path: 'ce-id', code: EventsErrorCode.CloudEventInvalid }],
    });
  });

  it('compares time as an instant: any spelling of the timestamp, or a later send time; never earlier', () => {
    const ce = toStructuredCloudEvent(sample());
    const at = (time: string) => fromStructuredCloudEvent({ ...ce, time });
    const instant = new Date(sample().context.timestamp);
    expect(at(instant.toISOString())).toMatchObject({ ok: true });
    expect(at('2026-03-01T12:00:00+02:00')).toMatchObject({ ok: true });
    expect(at(new Date(instant.getTime() + 1500).toISOString())).toMatchObject({ ok: true });
    expect(at(new Date(instant.getTime() - 1000).toISOString())).toMatchObject({
      ok: false,
      problems: [{ path: '/time', code: EventsErrorCode.CloudEventInvalid }],
    });
    expect(at('yesterday')).toMatchObject({ ok: false, problems: [{ path: '/time' }] });
  });

  it('refuses a wrong specversion, a non-JSON content type and a malformed body', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(fromBinaryCloudEvent({ ...headers, 'ce-specversion': '0.3' }, body)).toMatchObject({ ok: true });
    expect(fromBinaryCloudEvent({ ...headers, 'ce-specversion': '0.2' }, body)).toMatchObject({
      ok: false,
      problems: [{ path: 'ce-specversion', code: EventsErrorCode.CloudEventInvalid }],
    });
    expect(fromBinaryCloudEvent({ ...headers, 'content-type': 'text/plain' }, body)).toMatchObject({
      ok: false,
    });
    expect(fromBinaryCloudEvent(headers, '{"context":')).toMatchObject({
      ok: false,
      problems: [{ code: EventsErrorCode.DocumentMalformed }],
    });
    expect(fromStructuredCloudEvent({ specversion: '1.0' })).toMatchObject({
      ok: false,
      problems: [{ path: '/data' }],
    });
    expect(fromStructuredCloudEvent('nope')).toMatchObject({ ok: false });
  });

  it('reports problems in structured data under /data', () => {
    const ce = toStructuredCloudEvent(sample());
    const broken = { ...ce, data: { ...ce.data, subject: { id: 'app' } } };
    expect(fromStructuredCloudEvent(broken)).toMatchObject({
      ok: false,
      problems: [{ path: '/data/subject/content', code: EventsErrorCode.Required }],
    });
  });

  it('checks the attributes against the CDEvent as sent: a 0.4.1 event keeps its own type', () => {
    const legacy = {
      context: {
        version: '0.4.1',
        id: 'b-1',
        source: '/jenkins',
        type: 'dev.cdevents.build.started.0.2.0',
        timestamp: '2026-03-01T10:00:00Z',
      },
      subject: { id: 'b-1', type: 'build', content: {} },
    };
    const ce = { specversion: '0.3', id: 'x', source: '/jenkins', type: legacy.context.type, data: legacy };
    const read = fromStructuredCloudEvent(ce);
    expect(read).toMatchObject({
      ok: true,
      event: { context: { type: 'dev.cdevents.build.started.0.3.0' } },
    });
    expect(fromStructuredCloudEvent({ ...ce, type: 'dev.cdevents.build.started.0.3.0' })).toMatchObject({
      ok: false,
      problems: [{ path: '/type' }],
    });
  });

  it('reads ce-time as an instant: another spelling of the same instant agrees, an earlier one does not', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(
      fromBinaryCloudEvent({ ...headers, 'ce-time': '2026-03-01T15:00:00%2B05:00' }, body),
    ).toMatchObject({ ok: true });
    expect(fromBinaryCloudEvent({ ...headers, 'ce-time': '2026-03-01T09:59:59Z' }, body)).toMatchObject({
      ok: false,
      problems: [{ path: 'ce-time' }],
    });
  });

  it('takes one event object as a binary-mode body, never an array of one', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(fromBinaryCloudEvent(headers, `[${body}]`)).toMatchObject({
      ok: false,
      problems: [{ path: '', code: EventsErrorCode.DocumentNotObject }],
    });
  });
});
