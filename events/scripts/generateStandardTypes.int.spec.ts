import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStandardSources, standardDir } from './generateStandardTypes.ts';

describe('generated standard event sources', () => {
  it('match what the generator makes from the official schemas (run node events/scripts/generateStandardTypes.ts)', async () => {
    const generated = await generateStandardSources();
    const onDisk = (await readdir(standardDir)).filter((f) => f.endsWith('.ts') && !f.includes('.spec.'));
    expect(onDisk.sort()).toEqual([...generated.keys()].sort());
    for (const [name, source] of generated) {
      expect(await readFile(join(standardDir, name), 'utf8'), name).toBe(source);
    }
  });
});
