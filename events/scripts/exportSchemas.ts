// Writes a JSON Schema (2020-12) for every event type shiplog knows to events/schemas/<type>.json.
// Run: npm run schemas
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { eventTypes } from '../src/eventTypes.ts';

export const exportDir = join(import.meta.dirname, '..', 'schemas');

/** Every exported schema by file name, as checked in. */
export function exportedSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const info of Object.values(eventTypes)) {
    const schema = z.toJSONSchema(info.schema, { target: 'draft-2020-12', io: 'input' });
    const document = { $id: `https://shiplog.dev/schemas/events/${info.type}.json`, ...schema };
    files.set(`${info.type}.json`, JSON.stringify(document, null, 2) + '\n');
  }
  return files;
}

async function main(): Promise<void> {
  const files = exportedSchemas();
  // Remove schemas of types that no longer exist; the vendored spec directory stays.
  for (const name of await readdir(exportDir)) {
    if (name.endsWith('.json') && !files.has(name)) await rm(join(exportDir, name));
  }
  for (const [name, text] of files) await writeFile(join(exportDir, name), text);
}

if (import.meta.main) await main();
