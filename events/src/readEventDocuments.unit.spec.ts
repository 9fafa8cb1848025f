import { describe, expect, it } from 'vitest';
import { EventsErrorCode } from './errors.ts';
import { readEventDocuments } from './readEventDocuments.ts';

const event = (id: string): string =>
  JSON.stringify({
    context: {
      specversion: '0.5.1',
      id,
      source: '/s',
      type: 'dev.cdevents.build.queued.0.3.0',
      timestamp: '2026-03-01T10:00:00Z',
    },
    subject: { id: 'b', content: {} },
  });

function codes(input: Uint8Array | string) {
  return readEventDocuments(input).map((d) => (d.ok ? 'ok' : d.problems.map((p) => p.code).join(',')));
}

describe('readEventDocuments', () => {
  it('reads one event, a pretty-printed event, an array and NDJSON, with line numbers', () => {
    expect(readEventDocuments(event('a'))).toMatchObject([{ ok: true, line: 1, index: 0 }]);
    const pretty = JSON.stringify(JSON.parse(event('a')), null, 2);
    expect(readEventDocuments(`\n\n${pretty}\n`)).toMatchObject([{ ok: true, line: 3 }]);
    const array = `[\n  ${event('a')},\n  ${event('b')}\n]\n`;
    expect(readEventDocuments(array).map((d) => [d.ok, d.line, d.index])).toEqual([
      [true, 2, 0],
      [true, 3, 1],
    ]);
    const ndjson = `${event('a')}\n\n${event('b')}\r\n${event('c')}`;
    expect(readEventDocuments(ndjson).map((d) => [d.ok, d.line])).toEqual([
      [true, 1],
      [true, 3],
      [true, 4],
    ]);
  });

  it('reports one bad NDJSON line and keeps the good ones', () => {
    const input = [event('a'), '{"context": ', event('c'), 'not json'].join('\n');
    expect(codes(input)).toEqual([
      'ok',
      EventsErrorCode.DocumentMalformed,
      'ok',
      EventsErrorCode.DocumentMalformed,
    ]);
    expect(readEventDocuments(input).map((d) => d.line)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a 10 MB document without parsing it, and a 10 MB NDJSON line alone', () => {
    const huge = `{"context":{},"subject":{"id":"${'x'.repeat(10 * 1024 * 1024)}"}}`;
    expect(codes(huge)).toEqual([EventsErrorCode.DocumentTooLarge]);
    expect(codes(`${event('a')}\n${huge}\n${event('c')}`)).toEqual([
      'ok',
      EventsErrorCode.DocumentTooLarge,
      'ok',
    ]);
  });

  it('refuses input over the whole-input limit', () => {
    expect(codes(new Uint8Array(2048).fill(0x20))).toEqual([]);
    const docs = readEventDocuments(`[${event('a')}]`, { maxInputBytes: 100 });
    expect(docs).toMatchObject([{ ok: false, problems: [{ code: EventsErrorCode.DocumentTooLarge }] }]);
  });

  it('refuses 10,000-deep nesting before parsing, in a document and on one NDJSON line', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(codes(deep)).toEqual([EventsErrorCode.DocumentTooDeep]);
    expect(codes(deepObject)).toEqual([EventsErrorCode.DocumentTooDeep]);
    expect(codes(`${event('a')}\n${deepObject}`)).toEqual(['ok', EventsErrorCode.DocumentTooDeep]);
  });

  it('reads a document holding hundreds of thousands of small objects', () => {
    const value = JSON.parse(event('a')) as Record<string, unknown>;
    value.customData = { many: Array.from({ length: 300_000 }, () => ({})) };
    expect(codes(JSON.stringify(value))).toEqual(['ok']);
  });

  it('does not count brackets inside strings as nesting', () => {
    const value = JSON.parse(event('a')) as { subject: { id: string } };
    value.subject.id = '[{'.repeat(1000);
    expect(codes(JSON.stringify(value))).toEqual(['ok']);
  });

  it('refuses invalid UTF-8, per line in NDJSON', () => {
    const good = new TextEncoder().encode(event('a'));
    const bad = new Uint8Array([...new TextEncoder().encode('{"context":"'), 0xc3, 0x28, 0x22, 0x7d]);
    expect(codes(bad)).toEqual([EventsErrorCode.DocumentNotUtf8]);
    const mixed = new Uint8Array([...good, 0x0a, ...bad, 0x0a, ...good]);
    expect(codes(mixed)).toEqual(['ok', EventsErrorCode.DocumentNotUtf8, 'ok']);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(event('a'))]);
    expect(codes(bytes)).toEqual(['ok']);
  });

  it('flags __proto__ keys, leaves constructor keys as data, and pollutes nothing', () => {
    const input = [
      '{"__proto__": {"polluted": true}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
    ].join('\n');
    const docs = readEventDocuments(input);
    expect(docs[0]).toMatchObject({
      ok: false,
      problems: [{ path: '/__proto__', code: EventsErrorCode.ForbiddenKey }],
    });
    expect(docs[1]).toMatchObject({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads empty input as no events', () => {
    expect(readEventDocuments('')).toEqual([]);
    expect(readEventDocuments('  \n\n')).toEqual([]);
  });
});
