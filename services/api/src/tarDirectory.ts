import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

const BLOCK = 512;

// A ustar name longer than 100 bytes is split at a '/' into prefix (≤155) and name (≤100).
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`${path} is too long for a tar entry`);
}

function header(path: string, size: number, mtime: Date, directory: boolean): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(directory ? `${path}/` : path);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0');
  block.write(name, 0, 100, 'utf8');
  block.write(octal(directory ? 0o755 : 0o644, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii');
  block.write(octal(0, 8), 116, 8, 'ascii');
  block.write(octal(size, 12), 124, 12, 'ascii');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12, 'ascii');
  block.fill(' ', 148, 156); // the checksum counts its own field as spaces
  block.write(directory ? '5' : '0', 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${octal(sum, 7)}\u0000 `, 148, 8, 'ascii');
  return block;
}

async function put(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes every file under `dir` to `out` as a POSIX ustar archive whose entries sit under `root/`
 * (files streamed in 64 KiB pieces, so a large audit bundle is never held in memory).
 */
export async function tarDirectory(dir: string, root: string, out: Writable): Promise<void> {
  const entries = (await readdir(dir, { recursive: true })).map((e) => e.split('\\').join('/')).sort();
  const mtime = new Date();
  await put(out, header(root, 0, mtime, true));
  for (const entry of entries) {
    const path = join(dir, entry);
    const info = await stat(path);
    if (info.isDirectory()) {
      await put(out, header(`${root}/${entry}`, 0, mtime, true));
      continue;
    }
    await put(out, header(`${root}/${entry}`, info.size, mtime, false));
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }))
      await put(out, chunk as Buffer);
    const padding = (BLOCK - (info.size % BLOCK)) % BLOCK;
    if (padding > 0) await put(out, Buffer.alloc(padding));
  }
  await put(out, Buffer.alloc(BLOCK * 2));
}
