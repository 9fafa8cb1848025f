// The files inside a built artifact, for the demo's verification: gzipped tarballs (npm packages,
// crates, sdists) and zip files (wheels). Small readers of the two formats; nothing is extracted.
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** One regular file of an archive: its path and its bytes. */
export interface ArchiveEntry {
  readonly name: string;
  readonly bytes: Buffer;
}

function text(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

/** The regular files of a gzipped tar (ustar names with their prefix; pax and GNU headers skipped). */
export function tarGzEntries(bytes: Buffer): ArchiveEntry[] {
  const tar = gunzipSync(bytes);
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header, 345, 155);
    const name = prefix === '' ? text(header, 0, 100) : `${prefix}/${text(header, 0, 100)}`;
    const data = tar.subarray(offset + 512, offset + 512 + size);
    if (type === '0' || type === '\0') entries.push({ name, bytes: data });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** The files of a zip, read through its central directory (stored or deflated entries). */
export function zipEntries(bytes: Buffer): ArchiveEntry[] {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) throw new Error('not a zip file: no end of central directory');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('not a zip file: bad central directory');
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + compressedSize);
    if (!name.endsWith('/')) entries.push({ name, bytes: method === 8 ? inflateRawSync(data) : data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
