import fc from 'fast-check';

/** One event as generated: its exact JSON text, what it claims, and what a sound ledger must answer. */
export interface GeneratedEvent {
  readonly text: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** For a deployment: where to, and when (its CDEvent timestamp). */
  readonly deployment?: { readonly env: string; readonly service: string; readonly at: string };
  /** For an event made invalid on purpose: the JSON pointer of the field broken. */
  readonly brokenField?: string;
  /** Which odd class of issue #14 it belongs to, if any: such input may be refused, naming where. */
  readonly oddClass?: OddClass;
}

export type OddClass = 'surrogate' | 'timestamp' | 'bigNumber' | 'array';

/** The big-number literals, each with a twin that differs only beyond double precision. */
export const bigNumberTwins: readonly (readonly [string, string])[] = [
  ['1e999', '2e999'],
  ['-1e999', '-2e999'],
  ['9007199254740993', '9007199254740992'],
  ['1.00000000000000000001', '1.00000000000000000002'],
];

/** The odd class a text and its wrapping fall in (first found), for a test to tell what may be refused. */
export function oddClassOf(text: string, timestamp: string, wrapped: boolean): OddClass | undefined {
  if (wrapped) return 'array';
  // JSON.stringify writes a lone surrogate as an escape (`\ud800`), and only a lone one.
  if (/\\ud[89a-f][0-9a-f]{2}/i.test(text)) return 'surrogate';
  if (!/^(19[7-9]\d|2\d{3})-.*T\d\d:\d\d:[0-5]\d(\.\d+)?Z$/.test(timestamp)) return 'timestamp';
  if (bigNumberTwins.some(([a, b]) => text.includes(`":${a}}`) || text.includes(`":${b}}`)))
    return 'bigNumber';
  return undefined;
}

const wellFormed = (unit: 'grapheme' | 'binary', maxLength: number) =>
  fc.string({ unit, minLength: 1, maxLength }).filter((s) => s.isWellFormed());

const loneSurrogate = fc.constantFrom('\ud800', '\udfff', 'a\ud83dz');

/** Names people and tools give things: anything well-formed, and now and then a lone surrogate (refused). */
export const oddText = (maxLength = 24): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: wellFormed('grapheme', maxLength), weight: 3 },
    { arbitrary: wellFormed('binary', maxLength), weight: 3 },
    { arbitrary: loneSurrogate, weight: 1 },
  );

/** An event id: any text, but not one `why` would read as a digest or a purl (its query grammar). */
export const eventIdText = oddText(40).filter((s) => !s.startsWith('pkg:') && !s.startsWith('sha256:'));

/** A CDEvent source (a URI reference): absolute URLs and paths, with the characters RFC 3986 allows. */
export const sourceText = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .stringMatching(/^\/[a-z0-9\-._~]{1,16}(\/[a-zA-Z0-9\-._~!$&'()*+,;=:@%]{0,12}){0,3}$/)
    .filter((s) => !/%(?![0-9a-fA-F]{2})/.test(s)),
);

const instant = fc
  .date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) => fc.constantFrom(date.toISOString(), date.toISOString().replace(/\.\d{3}Z$/, 'Z')));

const oddInstant = fc.oneof(
  fc.constantFrom('2026-06-30T23:59:60Z', '1969-07-20T20:17:40Z', '1900-01-01T00:00:00Z'),
  fc
    .tuple(
      fc.date({
        min: new Date('1971-01-01T00:00:00Z'),
        max: new Date('2099-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.integer({ min: -12, max: 14 }),
    )
    .map(([date, hours]) => {
      const sign = hours < 0 ? '-' : '+';
      const hh = String(Math.abs(hours)).padStart(2, '0');
      return date.toISOString().replace(/Z$/, `${sign}${hh}:00`);
    }),
);

/** A CDEvent `timestamp`: RFC 3339 UTC, or with an offset, a leap second or before 1970. */
export const timestampText = fc.oneof(instant, oddInstant);

/** `customData` as JSON text: odd strings and numbers, some beyond double precision (refused). */
export const customDataText: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  {
    arbitrary: fc
      .dictionary(oddText(12), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
      .map((value) => JSON.stringify(value))
      // A `__proto__` key is refused on purpose (unsafe JSON), so it is no valid event.
      .filter((text) => !text.includes('"__proto__"')),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(...bigNumberTwins.map(([literal]) => `{"n":${literal}}`)), weight: 1 },
);
