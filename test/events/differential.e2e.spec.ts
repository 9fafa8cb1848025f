import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { eventTypes, parseCDEvent, shiplogEventSchemas } from '@shiplog/events';
import { shiplogEventExamples } from '@shiplog/events/testing';
import { mutantsOf } from './support/mutants.ts';

interface OfficialSchema {
  $id: string;
  properties?: { context?: { properties?: { type?: { enum?: string[] } } } };
}

const spec = join(import.meta.dirname, '..', '..', 'events', 'schemas', 'cdevents-0.5.1');

// Official schema $id by the event type its context.type enum names.
const schemaIdByType = new Map<string, string>();

function loadAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  addFormats.default(ajv);
  ajv.addKeyword('example'); // an annotation some schemas carry
  for (const dir of ['schemas', 'schemas/links', 'custom']) {
    for (const file of readdirSync(join(spec, dir)).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(spec, dir, file), 'utf8')) as OfficialSchema;
      ajv.addSchema(schema);
      const type = schema.properties?.context?.properties?.type?.enum?.[0];
      if (type !== undefined) schemaIdByType.set(type, schema.$id);
    }
  }
  return ajv;
}

const ajv = loadAjv();

// Our own JSON Schema export, read by the same validator: it must agree with the official schemas too.
const exported = new Ajv2020({ strict: false });
addFormats.default(exported);
const exportDir = join(import.meta.dirname, '..', '..', 'events', 'schemas');
function exportedValid(type: string, value: unknown): boolean {
  const id = `https://shiplog.dev/schemas/events/${type}.json`;
  if (exported.getSchema(id) === undefined) {
    exported.addSchema(JSON.parse(readFileSync(join(exportDir, `${type}.json`), 'utf8')) as object);
  }
  return exported.getSchema(id)?.(value) === true;
}

function officialSchemaId(type: string): string {
  if (type.startsWith('dev.cdeventsx.')) return 'https://cdevents.dev/0.5.1/schema/custom';
  return schemaIdByType.get(type) ?? `no schema for ${type}`;
}

function officialValid(type: string, value: unknown): boolean {
  const validate = ajv.getSchema(officialSchemaId(type));
  if (validate === undefined) throw new Error(`no official schema for ${type}`);
  return validate(value) === true;
}

const examples = [
  ...readdirSync(join(spec, 'conformance')).map((f) => join(spec, 'conformance', f)),
  join(spec, 'custom', 'conformance.json'),
].map((file) => ({ file, event: JSON.parse(readFileSync(file, 'utf8')) as { context: { type: string } } }));

// Deliberate differences between our zod schemas and the official schemas read by ajv.
const allowedDisagreements: readonly { description: RegExp; reason: string }[] = [
  {
    description: /^\/context\/specversion (bad enum value|= )/,
    reason:
      'context.specversion must name a spec version shiplog reads (0.5.0, 0.5.1); the schema takes any string',
  },
];
const allowed = (description: string): boolean =>
  allowedDisagreements.some((a) => a.description.test(description));

describe('zod schemas against the official CDEvents 0.5.1 JSON schemas (ajv 2020)', () => {
  it('has an official schema for every standard type we know, and we know every official type', () => {
    const standard = Object.keys(eventTypes).filter((t) => t.startsWith('dev.cdevents.'));
    expect(standard).toHaveLength(45);
    const official = readdirSync(join(spec, 'schemas')).filter((f) => f.endsWith('.json'));
    expect(official).toHaveLength(45);
    for (const type of standard) expect(ajv.getSchema(officialSchemaId(type)), type).toBeDefined();
  });

  it('both accept every conformance example', () => {
    expect(examples).toHaveLength(46);
    for (const { file, event } of examples) {
      expect(officialValid(event.context.type, event), file).toBe(true);
      // The parsed event is the producer's payload, unchanged (the ledger keeps events verbatim).
      expect(parseCDEvent(event), file).toEqual({ ok: true, event });
    }
  });

  it('agrees on at least 2,000 seeded mutants of the conformance examples', () => {
    let produced = 0;
    let rejected = 0;
    const disagreements: string[] = [];
    examples.forEach(({ file, event }, n) => {
      for (const mutant of mutantsOf(event, 1000 + n)) {
        produced++;
        const official = officialValid(event.context.type, mutant.value);
        const ours = parseCDEvent(mutant.value).ok;
        const standard = event.context.type.startsWith('dev.cdevents.');
        if (standard && exportedValid(event.context.type, mutant.value) !== official) {
          disagreements.push(
            `${file}: ${mutant.description}: official ${official}, our exported schema disagrees`,
          );
        }
        if (!official) rejected++;
        if (official !== ours && !allowed(mutant.description)) {
          disagreements.push(`${file}: ${mutant.description}: official ${official}, ours ${ours}`);
        }
      }
    });
    expect(disagreements).toEqual([]);
    expect(produced).toBeGreaterThanOrEqual(2000);
    console.info(`differential: ${produced} mutants, ${rejected} rejected by both, 0 disagreements`);
    // The mutants must exercise both answers, or agreement proves little.
    expect(rejected).toBeGreaterThan(produced / 2);
    expect(produced - rejected).toBeGreaterThan(100);
  });

  it('accepts every shiplog custom event example under custom/schema.json, and under our stricter schema', () => {
    for (const [type, example] of Object.entries(shiplogEventExamples)) {
      expect(officialValid(type, example), type).toBe(true);
      expect(parseCDEvent(example), type).toMatchObject({ ok: true });
    }
    expect(Object.keys(shiplogEventExamples).sort()).toEqual(Object.keys(shiplogEventSchemas).sort());
  });

  it('shiplog custom events: zod and our exported schemas agree on mutants, and custom/schema.json accepts what zod accepts', () => {
    let produced = 0;
    const disagreements: string[] = [];
    Object.entries(shiplogEventExamples).forEach(([type, example], n) => {
      for (const mutant of mutantsOf(example as never, 5000 + n)) {
        produced++;
        const ours = parseCDEvent(mutant.value).ok;
        if (exportedValid(type, mutant.value) !== ours && !allowed(mutant.description))
          disagreements.push(`${type}: ${mutant.description}: ours ${ours}`);
        if (ours && !officialValid(type, mutant.value))
          disagreements.push(`${type}: ${mutant.description}: custom/schema.json refuses`);
      }
    });
    expect(disagreements).toEqual([]);
    expect(produced).toBeGreaterThanOrEqual(1000);
  });

  it('every shiplog custom type matches the custom type pattern of custom/schema.json', () => {
    const validate = ajv.getSchema('https://cdevents.dev/0.5.1/schema/custom');
    for (const type of Object.keys(shiplogEventSchemas)) {
      const example = structuredClone(shiplogEventExamples[type as keyof typeof shiplogEventExamples]);
      expect(validate?.({ ...example, context: { ...example.context, type } }), type).toBe(true);
      expect(type).toMatch(/^dev\.cdeventsx\.shiplog-[a-z]+\.[a-z]+\.0\.1\.0$/);
    }
  });
});
