import { gunzipSync, gzipSync } from 'node:zlib';

const BLOCK = 512;
const RECORD = 20 * BLOCK;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface TarEntry {
  readonly path: string;
  /** `0` file, `5` directory, `2` symbolic link. */
  readonly type: '0' | '5' | '2';
  readonly mode: number;
  readonly linkname: string;
  readonly data: Uint8Array;
}

function field(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

const octal = (block: Uint8Array, start: number, length: number): number =>
  Number.parseInt(field(block, start, length).trim() || '0', 8);

function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number.parseInt(decoder.decode(data.subarray(at, space)), 10);
    if (space === -1 || !Number.isSafeInteger(length) || length <= 0) break;
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

/** The entries of a tar, or undefined when it holds anything but files, directories and symlinks. */
function readEntries(tar: Uint8Array): TarEntry[] | undefined {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === 'x') pax = paxRecords(data);
    else if (type === 'g') continue;
    else if (type === 'L') longName = field(data, 0, data.length);
    else {
      const prefix = field(header, 345, 155);
      const name = field(header, 0, 100);
      const path = pax.get('path') ?? longName ?? (prefix === '' ? name : `${prefix}/${name}`);
      const linkname = pax.get('linkpath') ?? field(header, 157, 100);
      const kind = type === '\0' ? '0' : type;
      if (kind !== '0' && kind !== '5' && kind !== '2') return undefined;
      entries.push({ path, type: kind, mode: octal(header, 100, 8) & 0o7777, linkname, data });
      pax = new Map();
      longName = undefined;
    }
  }
  return entries;
}

function header(
  name: string,
  type: string,
  mode: number,
  size: number,
  mtime: number,
  link = '',
): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (text: string, start: number, length: number): void => {
    block.set(encoder.encode(text).subarray(0, length), start);
  };
  const num = (value: number, start: number, length: number): void =>
    put(`${value.toString(8).padStart(length - 1, '0')}\0`, start, length);
  put(name, 0, 100);
  num(mode, 100, 8);
  num(0, 108, 8);
  num(0, 116, 8);
  num(size, 124, 12);
  num(mtime, 136, 12);
  put(type, 156, 1);
  put(link, 157, 100);
  put('ustar\x0000', 257, 8);
  put('root', 265, 32);
  put('root', 297, 32);
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, b) => total + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

function paxHeader(entry: TarEntry, mtime: number): Uint8Array[] {
  const records: string[] = [];
  const add = (key: string, value: string): void => {
    const body = ` ${key}=${value}\n`;
    let length = encoder.encode(body).length;
    length += String(length + String(length).length).length;
    records.push(`${length}${body}`);
  };
  if (encoder.encode(entry.path).length > 100 || /[^\x20-\x7e]/.test(entry.path)) add('path', entry.path);
  if (encoder.encode(entry.linkname).length > 100 || /[^\x20-\x7e]/.test(entry.linkname))
    add('linkpath', entry.linkname);
  if (records.length === 0) return [];
  const data = encoder.encode(records.join(''));
  return [header('././@PaxHeader', 'x', 0o644, data.length, mtime), padded(data)];
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  out.set(data);
  return out;
}

/**
 * Rewrites a `.tar.gz` so its bytes depend only on its content: entries sorted by path, every mtime
 * `sourceDateEpoch`, owner root (0/0), permissions kept, and a gzip header with no time or name.
 * For build tools that ignore SOURCE_DATE_EPOCH (setuptools' sdist). Returns undefined for an
 * archive it cannot rewrite faithfully (hard links, devices, …), which the caller keeps as built.
 */
export function normaliseTarGz(bytes: Uint8Array, sourceDateEpoch: number): Uint8Array | undefined {
  let entries: TarEntry[] | undefined;
  try {
    entries = readEntries(gunzipSync(bytes));
  } catch {
    return undefined;
  }
  if (entries === undefined || entries.length === 0) return undefined;
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blocks: Uint8Array[] = [];
  for (const entry of sorted) {
    blocks.push(...paxHeader(entry, sourceDateEpoch));
    const size = entry.type === '0' ? entry.data.length : 0;
    blocks.push(header(entry.path, entry.type, entry.mode, size, sourceDateEpoch, entry.linkname));
    if (size > 0) blocks.push(padded(entry.data));
  }
  const length = blocks.reduce((n, b) => n + b.length, 0) + 2 * BLOCK;
  const tar = new Uint8Array(Math.ceil(length / RECORD) * RECORD);
  let at = 0;
  for (const b of blocks) {
    tar.set(b, at);
    at += b.length;
  }
  // Node's gzip header has MTIME 0, no file name, and a fixed OS byte.
  return gzipSync(tar, { level: 9 });
}
