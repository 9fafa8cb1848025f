import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Bytes read from a file or stdin, or `truncated` when there were more than `maxBytes`. */
export interface InputBytes {
  readonly bytes: Uint8Array;
  readonly truncated: boolean;
}

async function readBounded(chunks: AsyncIterable<unknown>, maxBytes: number): Promise<InputBytes> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const part = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    parts.push(part);
    total += part.length;
    // Stop reading early: what is past the limit would be refused anyway.
    if (total > maxBytes) return { bytes: new Uint8Array(0), truncated: true };
  }
  return { bytes: Buffer.concat(parts), truncated: false };
}

/** Reads a named file (relative to `cwd`) or, for `-`, the given stdin, up to `maxBytes`. */
export async function readInput(
  name: string,
  stdin: NodeJS.ReadableStream,
  cwd: string,
  maxBytes: number,
): Promise<InputBytes> {
  if (name === '-') return readBounded(stdin, maxBytes);
  const file = await open(resolve(cwd, name), 'r');
  try {
    const { size } = await file.stat();
    if (size > maxBytes) return { bytes: new Uint8Array(0), truncated: true };
    return await readBounded(file.createReadStream({ autoClose: false }), maxBytes);
  } finally {
    await file.close();
  }
}
