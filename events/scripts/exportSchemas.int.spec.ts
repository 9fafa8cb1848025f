import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDir, exportedSchemas } from './exportSchemas.ts';

describe('exported JSON schemas', () => {
  it('are current (run npm run schemas)', async () => {
    const exported = exportedSchemas();
    const onDisk = (await readdir(exportDir)).filter((f) => f.endsWith('.json'));
    expect(onDisk.sort()).toEqual([...exported.keys()].sort());
    for (const [name, text] of exported)
      expect(await readFile(join(exportDir, name), 'utf8'), name).toBe(text);
  });

  it('cover all 45 standard types and every shiplog type', () => {
    const names = [...exportedSchemas().keys()];
    expect(names.filter((n) => n.startsWith('dev.cdevents.'))).toHaveLength(45);
    expect(names).toContain('dev.cdeventsx.shiplog-gate.decided.0.1.0.json');
  });
});
