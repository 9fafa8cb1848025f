// Generates events/src/standard/*.ts (zod schemas and types, one file per subject) from the official
// CDEvents 0.5.1 JSON schemas. Run: node events/scripts/generateStandardTypes.ts
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

type JsonSchema = { [key: string]: unknown };

const here = import.meta.dirname;
export const specDir = join(here, '..', 'schemas', 'cdevents-0.5.1');
export const standardDir = join(here, '..', 'src', 'standard');

const camelSubjects: Record<string, string> = {
  pipelinerun: 'pipelineRun',
  taskrun: 'taskRun',
  testcaserun: 'testCaseRun',
  testsuiterun: 'testSuiteRun',
  testoutput: 'testOutput',
};
const known = new Set(['type', 'properties', 'required', 'additionalProperties', 'minLength', 'format']);
const ignored = new Set(['description', 'example', 'default', 'enum', 'items', 'anyOf']);

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function emit(node: JsonSchema, at: string): string {
  for (const key of Object.keys(node)) {
    if (!known.has(key) && !ignored.has(key)) throw new Error(`${at}: keyword '${key}' is not supported`);
  }
  if (Array.isArray(node.anyOf)) {
    return `z.union([${(node.anyOf as JsonSchema[]).map((n, i) => emit(n, `${at}/anyOf/${i}`)).join(', ')}])`;
  }
  switch (node.type) {
    case 'string':
      return emitString(node);
    case 'array':
      return `z.array(${node.items === undefined ? 'z.unknown()' : emit(node.items as JsonSchema, `${at}/items`)})`;
    case 'object':
      return emitObject(node, at);
    default:
      throw new Error(`${at}: type '${String(node.type)}' is not supported`);
  }
}

function emitString(node: JsonSchema): string {
  if (Array.isArray(node.enum)) {
    const values = node.enum as string[];
    // A minLength every allowed value meets adds nothing; anything else would need code here.
    const minLength = typeof node.minLength === 'number' ? node.minLength : 0;
    if (node.format !== undefined || values.some((v) => v.length < minLength))
      throw new Error('enum with constraints');
    return `z.enum(${JSON.stringify(node.enum)})`;
  }
  let code = 'z.string()';
  if (typeof node.minLength === 'number') code += `.min(${node.minLength})`;
  if (typeof node.format === 'string') code = `formatted(${code}, '${node.format}')`;
  return code;
}

function emitObject(node: JsonSchema, at: string): string {
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((node.required ?? []) as string[]);
  for (const name of required) {
    if (!(name in properties)) throw new Error(`${at}: required '${name}' has no schema`);
  }
  if (node.additionalProperties === true && Object.keys(properties).length === 0) {
    return 'z.record(z.string(), z.unknown())';
  }
  const fields = Object.entries(properties).map(([name, schema]) => {
    const value = emit(schema, `${at}/properties/${name}`);
    return `${JSON.stringify(name)}: ${value}${required.has(name) ? '' : '.optional()'}`;
  });
  const factory = node.additionalProperties === false ? 'z.strictObject' : 'z.looseObject';
  return `${factory}({ ${fields.join(', ')} })`;
}

interface StandardType {
  type: string;
  subject: string;
  predicate: string;
  name: string;
  content: string;
  /** Code for the envelope options, when this schema departs from the common envelope. */
  options: string;
}

const defaultSource = "formatted(z.string().min(1), 'uri-reference')";
const commonContext = ['specversion', 'id', 'source', 'type', 'timestamp', 'schemaUri', 'chainId', 'links'];

// The code for cdEventSchema's options: only what differs from the common envelope.
function envelopeOptions(context: JsonSchema, subject: JsonSchema, at: string): string {
  const contextProps = context.properties as Record<string, JsonSchema>;
  if (JSON.stringify(Object.keys(contextProps).sort()) !== JSON.stringify([...commonContext].sort())) {
    throw new Error(`${at}: context fields differ from the common envelope`);
  }
  const options: string[] = [];
  const source = emit(contextProps.source as JsonSchema, `${at}/context/source`);
  if (source !== defaultSource) options.push(`contextSource: ${source}`);
  if (JSON.stringify(subject.required) !== '["id","content"]' || subject.additionalProperties !== false) {
    throw new Error(`${at}: subject differs from the common envelope`);
  }
  const subjectProps = { ...(subject.properties as Record<string, JsonSchema>) };
  delete subjectProps.id;
  delete subjectProps.content;
  const fields = Object.entries(subjectProps).map(([name, schema]) => {
    return `${JSON.stringify(name)}: ${emit(schema, `${at}/subject/${name}`)}.optional()`;
  });
  const defaultFields = [`"source": ${defaultSource}.optional()`];
  if (JSON.stringify(fields) !== JSON.stringify(defaultFields))
    options.push(`subjectFields: { ${fields.join(', ')} }`);
  return options.length === 0 ? '' : `, { ${options.join(', ')} }`;
}

async function readStandardTypes(): Promise<StandardType[]> {
  const dir = join(specDir, 'schemas');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const types: StandardType[] = [];
  for (const file of files) {
    const schema = JSON.parse(await readFile(join(dir, file), 'utf8')) as JsonSchema;
    const props = schema.properties as Record<string, JsonSchema>;
    const context = props.context?.properties as Record<string, JsonSchema>;
    const type = (context.type?.enum as string[])[0] ?? '';
    const [, , subject = '', predicate = ''] = type.split('.');
    const content = (props.subject?.properties as Record<string, JsonSchema>).content as JsonSchema;
    const name = `${camelSubjects[subject] ?? subject}${capitalise(predicate)}`;
    const options = envelopeOptions(props.context as JsonSchema, props.subject as JsonSchema, file);
    types.push({
      type,
      subject,
      predicate,
      name,
      content: emit(content, `${file}#/subject/content`),
      options,
    });
  }
  return types;
}

const header =
  '// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.\n';

/** Every generated file under src/standard, by file name, formatted as checked in. */
export async function generateStandardSources(): Promise<Map<string, string>> {
  const types = await readStandardTypes();
  const bySubject = Map.groupBy(types, (t) => t.subject);
  const files = new Map<string, string>();
  for (const [subject, members] of bySubject) {
    const lines = [
      header,
      "import { z } from 'zod';",
      "import { cdEventSchema } from '../cdEventSchema.ts';",
    ];
    if (members.some((m) => m.content.includes('formatted(') || m.options.includes('formatted('))) {
      lines.push("import { formatted } from '../formatted.ts';");
    }
    for (const m of members) {
      const Name = capitalise(m.name);
      lines.push(
        '',
        `/** \`${m.type}\`: the subject content schema. */`,
        `export const ${m.name}Content = ${m.content};`,
        `/** \`${m.type}\` */`,
        `export const ${m.name}Event = cdEventSchema(z.literal('${m.type}'), ${m.name}Content${m.options});`,
        `export type ${Name}Event = z.infer<typeof ${m.name}Event>;`,
      );
    }
    files.set(`${camelSubjects[subject] ?? subject}.ts`, lines.join('\n') + '\n');
  }
  files.set('standardEvents.ts', registrySource(types));
  const config = (await resolveConfig(join(standardDir, 'x.ts'))) ?? {};
  for (const [name, source] of files) {
    files.set(name, await format(source, { ...config, filepath: join(standardDir, name) }));
  }
  return files;
}

function registrySource(types: StandardType[]): string {
  const bySubject = Map.groupBy(types, (t) => t.subject);
  const imports = [...bySubject].map(([subject, members]) => {
    const names = members.flatMap((m) => [`${m.name}Event`]).join(', ');
    const typeNames = members.map((m) => `${capitalise(m.name)}Event`).join(', ');
    const file = camelSubjects[subject] ?? subject;
    return `import { ${names} } from './${file}.ts';\nimport type { ${typeNames} } from './${file}.ts';`;
  });
  const entries = types.map((t) => `  '${t.type}': ${t.name}Event,`);
  const union = types.map((t) => `  | ${capitalise(t.name)}Event`);
  return [
    header,
    ...imports,
    '',
    `/** Every standard CDEvents 0.5.1 event type (${types.length}), keyed by its full type string. */`,
    'export const standardEventSchemas = {',
    ...entries,
    '} as const;',
    '',
    '/** Any standard CDEvents 0.5.1 event; narrow it on `context.type`. */',
    'export type StandardCDEvent =',
    ...union,
    ';',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  for (const [name, source] of await generateStandardSources()) {
    await writeFile(join(standardDir, name), source);
  }
}

if (import.meta.main) await main();
