import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { undeclaredImports } from './undeclaredImports.ts';

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('undeclaredImports', () => {
  it('finds imports of packages missing from dependencies in built .js and .d.ts files, and nothing else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-undeclared-'));
    await mkdir(join(dir, 'commands'));
    await writeFile(
      join(dir, 'main.js'),
      [
        "import { readFile } from 'node:fs/promises';",
        "import { join } from 'path';",
        "import { z } from 'zod';",
        "import { x } from './x.js';",
        "export { y } from '@s/self/sub';",
        "const m = await import('@nats-io/jetstream');",
        "const note = z.discriminatedUnion('from', [z.object({ from: z.literal('env') })]);",
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'commands', 'dev.d.ts'),
      "import type { Logger } from 'pino';\nexport declare const l: Logger;\n",
    );
    await writeFile(join(dir, 'commands', 'notes.md'), "import x from 'ignored';\n");
    const found = await undeclaredImports(dir, '@s/self', { zod: '^4' });
    expect(found.sort((a, b) => a.specifier.localeCompare(b.specifier))).toEqual([
      { file: 'main.js', specifier: '@nats-io/jetstream' },
      { file: join('commands', 'dev.d.ts'), specifier: 'pino' },
    ]);
  });
});
