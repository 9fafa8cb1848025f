import { inflateRawSync } from 'node:zlib';
import { SbomError, SbomErrorCode } from './errors.ts';
import type { ArchiveEntry } from './readTar.ts';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function malformed(message: string): SbomError {
  return new SbomError(SbomErrorCode.ArchiveMalformed, message);
}

function findEndRecord(view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw malformed('no zip end-of-central-directory record');
}

/** The files of a zip archive (wheels), read through its central directory. */
export function readZip(bytes: Uint8Array): ArchiveEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) throw malformed('too short to be a zip archive');
  const end = findEndRecord(view);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_FILE_HEADER) {
      throw malformed(`central directory entry ${i} is missing`);
    }
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localAt = view.getUint32(at + 42, true);
    const path = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (path.endsWith('/')) continue;
    if (localAt + 30 > bytes.length || view.getUint32(localAt, true) !== LOCAL_FILE_HEADER) {
      throw malformed(`local header of ${path} is missing`);
    }
    const dataAt = localAt + 30 + view.getUint16(localAt + 26, true) + view.getUint16(localAt + 28, true);
    const raw = bytes.subarray(dataAt, dataAt + compressedSize);
    if (raw.length !== compressedSize) throw malformed(`zip entry ${path} is truncated`);
    if (method === 0) entries.push({ path, data: raw });
    else if (method === 8) {
      try {
        entries.push({ path, data: inflateRawSync(raw) });
      } catch (err) {
        throw new SbomError(SbomErrorCode.ArchiveMalformed, `zip entry ${path} does not inflate`, {
          cause: err,
        });
      }
    } else throw malformed(`zip entry ${path} uses unsupported compression method ${method}`);
  }
  return entries;
}
