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
    expect(fromBinaryCloudEvent({ ...headers, 'ce-id': 'other' }, body)).toMatchObject({
      ok: false,
      problems: [{ path: 'ce-id', code: EventsErrorCode.CloudEventInvalid }],
    });
  });

  it('refuses a wrong specversion, a non-JSON content type and a malformed body', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(fromBinaryCloudEvent({ ...headers, 'ce-specversion': '0.3' }, body)).toMatchObject({ ok: false });
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

  it('reads ce-time as an instant: another spelling of the same instant agrees, another instant does not', () => {
    const { headers, body } = toBinaryCloudEvent(sample());
    expect(
      fromBinaryCloudEvent({ ...headers, 'ce-time': '2026-03-01T15:00:00%2B05:00' }, body),
    ).toMatchObject({ ok: true });
    expect(fromBinaryCloudEvent({ ...headers, 'ce-time': '2026-03-01T10:00:01Z' }, body)).toMatchObject({
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
