import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCDEvent } from '@shiplog/events';

// The spec's own examples are the evidence for the upcaster: each legacy example, read as 0.5.1,
// must say what the 0.5.1 example of the same event says.
const schemas = join(import.meta.dirname, '..', '..', 'events', 'schemas');
const latestDir = join(schemas, 'cdevents-0.5.1', 'conformance');
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function examplesIn(folder: string): { name: string; sent: unknown; latest: unknown }[] {
  const dir = join(schemas, 'cdevents-legacy', folder);
  return readdirSync(dir).map((name) => ({
    name,
    sent: read(join(dir, name)),
    latest: read(join(latestDir, name)),
  }));
}

// Every leaf of `value`, as [JSON Pointer, value] pairs.
function leaves(value: unknown, at = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[at, value]];
  return Object.entries(value).flatMap(([key, v]) => leaves(v, `${at}/${key}`));
}

function valueAt(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

function meaningOf(sent: unknown): unknown {
  const parsed = parseCDEvent(sent);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.event;
}

describe('the upcaster, judged by the spec’s own examples', () => {
  it('reads every spec 0.4.1 example as exactly the 0.5.1 example of the same event', () => {
    const examples = examplesIn('spec-v0.4.1/conformance');
    expect(examples).toHaveLength(45);
    for (const { name, sent, latest } of examples) expect(meaningOf(sent), name).toEqual(latest);
  });

  it.each(['spec-v0.3.0/examples', 'spec-v0.4.0/examples'])(
    'reads every %s example as the 0.5.1 example, less the fields added since (url → uri, pass → success…)',
    (folder) => {
      for (const { name, sent, latest } of examplesIn(folder)) {
        const meaning = meaningOf(sent);
        const differing = leaves(meaning).filter(([at, v]) => !isDeepStrictEqual(valueAt(latest, at), v));
        expect(differing, name).toEqual([]);
        expect(meaning, name).not.toEqual(sent);
      }
    },
  );
});
