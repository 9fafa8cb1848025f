import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir` whose bytes hash to `digest` (`sha256:<hex>`), wherever a store put it. */
export async function filesWithDigest(dir: string, digest: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if (!(await stat(path)).isFile()) continue;
    const hex = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    if (`sha256:${hex}` === digest) found.push(path);
  }
  return found;
}
