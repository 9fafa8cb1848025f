import { gunzipSync } from 'node:zlib';
import { SbomError, SbomErrorCode } from './errors.ts';

/** One regular file of an archive. */
export interface ArchiveEntry {
  readonly path: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

function octal(block: Uint8Array, start: number, length: number, path: string): number {
  const raw = text(block, start, length).trim();
  const value = raw === '' ? 0 : Number.parseInt(raw, 8);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SbomError(SbomErrorCode.ArchiveMalformed, `tar header of ${path} has a bad size field`);
  }
  return value;
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<length> <key>=<value>\n".
  for (const record of decoder.decode(data).split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(record);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

function checksumOk(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === octal(header, 148, 8, 'entry');
}

/** The regular files of a POSIX (ustar/pax/GNU long name) tar archive. */
export function readTar(bytes: Uint8Array): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) {
      throw new SbomError(SbomErrorCode.ArchiveMalformed, `tar header checksum mismatch at offset ${offset}`);
    }
    const prefix = text(header, 345, 155);
    const name = text(header, 0, 100);
    const path = longName ?? (prefix === '' ? name : `${prefix}/${name}`);
    const size = octal(header, 124, 12, path);
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new SbomError(SbomErrorCode.ArchiveMalformed, `tar entry ${path} is truncated`);
    }
    const data = bytes.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') longName = paxPath(data);
    else if (type === 'L') longName = text(data, 0, data.length);
    else {
      longName = undefined;
      if (type === '0' || type === '\0') entries.push({ path, data });
    }
  }
  return entries;
}

/** The regular files of a gzipped tar archive (`.crate`, `.tgz`, `.tar.gz`). */
export function readTarGz(bytes: Uint8Array): ArchiveEntry[] {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(bytes);
  } catch (err) {
    throw new SbomError(SbomErrorCode.ArchiveMalformed, 'not a gzip stream', { cause: err });
  }
  return readTar(tar);
}
