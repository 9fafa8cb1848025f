// Deterministic mutants of valid CDEvents, for the differential test against the official schemas.

/** A mutated copy of an event and what was done to it. */
export interface Mutant {
  readonly description: string;
  readonly value: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** A small seeded PRNG (mulberry32): the same seed gives the same mutants on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paths(value: Json, at: Path = []): Path[] {
  const found: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => found.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) found.push(...paths(v, [...at, k]));
  }
  return found;
}

function get(value: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k] as Json, value);
}

function edit(
  value: Json,
  path: Path,
  change: (parent: Record<string | number, Json>, key: string | number) => void,
): Json {
  const copy = structuredClone(value);
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>;
  change(parent, path.at(-1) as string | number);
  return copy;
}

const wrongTypes: Json[] = [42, true, null, [], {}, 'text'];
const badTimestamps = [
  '2023-02-30T10:00:00Z',
  '2023-13-01T10:00:00Z',
  '2023-03-20T24:00:00Z',
  '2023-03-20T14:27:05',
  '2023-03-20',
  'yesterday',
  '2023-03-20T14:27:05+25:00',
  '20230320T142705Z',
];
// Valid under RFC 3339 as the reference validator reads it; these must be accepted by both.
const goodTimestamps = [
  '2024-02-29T00:00:00Z',
  '2023-03-20t14:27:05.1z',
  '2023-03-20T14:27:05+05:30',
  '2016-12-31T23:59:60Z',
];
const badUris = ['has space', 'back\\slash', '100%', 'http://[::1', '<tag>', 'a\nb', '{x}'];
const goodUris = ['https://example.com/x?y=1#z', '/relative/path', 'urn:isbn:123', 'pkg:npm/x@1'];
const badVersions = (type: string): string[] => {
  const base = type.slice(0, type.lastIndexOf('.', type.lastIndexOf('.', type.lastIndexOf('.') - 1) - 1));
  const version = type.slice(base.length + 1);
  return [
    `${base}.9.9.9`,
    `${base}.${version}.0`,
    `${base}.v${version}`,
    `${base}.${version}-rc1`,
    base,
    `${type} `,
  ];
};

/** Every mutant of `event` this test knows how to make, plus a seeded sample of random string edits. */
export function mutantsOf(event: Json, seed: number): Mutant[] {
  const random = seededRandom(seed);
  const mutants: Mutant[] = [];
  const add = (description: string, value: Json): void => void mutants.push({ description, value });
  for (const path of paths(event)) {
    const where = '/' + path.join('/');
    const current = get(event, path);
    if (path.length > 0) {
      add(
        `remove ${where}`,
        edit(event, path, (p, k) => void delete p[k]),
      );
      for (const wrong of wrongTypes) {
        if (typeof wrong !== typeof current || Array.isArray(wrong) !== Array.isArray(current)) {
          add(
            `${where} = ${JSON.stringify(wrong)}`,
            edit(event, path, (p, k) => void (p[k] = wrong)),
          );
        }
      }
    }
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      add(
        `extra property in ${where}`,
        edit(event, [...path, 'unexpected'], (p) => void (p.unexpected = 1)),
      );
    }
    if (typeof current === 'string') {
      add(
        `${where} bad enum value`,
        edit(event, path, (p, k) => void (p[k] = 'not-a-known-value')),
      );
      add(
        `${where} empty`,
        edit(event, path, (p, k) => void (p[k] = '')),
      );
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const uri = pick([...badUris, ...goodUris]);
      add(
        `${where} = ${JSON.stringify(uri)}`,
        edit(event, path, (p, k) => void (p[k] = uri)),
      );
    }
    if (path.join('/') === 'context/timestamp') {
      for (const t of [...badTimestamps, ...goodTimestamps]) {
        add(
          `timestamp ${t}`,
          edit(event, path, (p, k) => void (p[k] = t)),
        );
      }
    }
    if (['context/source', 'subject/source', 'context/schemaUri'].includes(path.join('/'))) {
      for (const u of [...badUris, ...goodUris])
        add(
          `${where} = ${JSON.stringify(u)}`,
          edit(event, path, (p, k) => void (p[k] = u)),
        );
    }
    if (path.join('/') === 'context/type' && typeof current === 'string') {
      for (const t of badVersions(current))
        add(
          `type ${t}`,
          edit(event, path, (p, k) => void (p[k] = t)),
        );
    }
  }
  const links: Json[] = [
    [{ linkType: 'START' }],
    [{ linkType: 'PATH' }],
    [{ linkType: 'RELATION', linkKind: 'TRIGGER', target: {} }],
    [{ linkType: 'RELATION', linkKind: '', target: { contextId: 'x' } }],
    [{ linkType: 'END', from: { contextId: '' } }],
    [{ linkType: 'END', from: { contextId: 'x', more: 1 }, tags: { a: [1] } }],
    [{ linkType: 'PATH', from: { contextId: 'x' }, extra: true }],
    [],
  ];
  for (const l of links)
    add(
      `links ${JSON.stringify(l)}`,
      edit(event, ['context', 'links'], (p) => void (p.links = l)),
    );
  for (const c of [{ a: 1 }, 'aGVsbG8=', [1], 7, null] as Json[]) {
    add(
      `customData ${JSON.stringify(c)}`,
      edit(event, ['customData'], (p) => void (p.customData = c)),
    );
  }
  return mutants;
}
