import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarDirectory } from './tarDirectory.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-tar-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tarDirectory', () => {
  it('writes an archive GNU tar extracts byte for byte: nested and long (>100 byte) paths, empty and block-sized files', async () => {
    const source = join(dir, 'source');
    const deep = join('documents', 'd'.repeat(60), `sha256-${'a'.repeat(64)}.json`);
    const files: Record<string, Buffer> = {
      'events.ndjson': Buffer.from('{"id":"1"}\n'.repeat(1000)),
      'empty.txt': Buffer.alloc(0),
      'proofs/exact.bin': Buffer.alloc(512, 7),
      [deep]: Buffer.from('{"bomFormat":"CycloneDX"}'),
    };
    for (const [name, bytes] of Object.entries(files)) {
      await mkdir(join(source, name, '..'), { recursive: true });
      await writeFile(join(source, name), bytes);
    }
    const archive = join(dir, 'bundle.tar');
    const out = createWriteStream(archive);
    await tarDirectory(source, 'shiplog-audit-7', out);
    out.end();
    await finished(out);

    const target = join(dir, 'target');
    await mkdir(target);
    await promisify(execFile)('tar', ['-xf', archive, '-C', target]);
    for (const [name, bytes] of Object.entries(files))
      expect(await readFile(join(target, 'shiplog-audit-7', name)), name).toEqual(bytes);
  });
});
