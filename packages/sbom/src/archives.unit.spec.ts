import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SbomError, SbomErrorCode } from './errors.ts';
import { readTar, readTarGz } from './readTar.ts';
import { readZip } from './readZip.ts';
import { tarGz, zip } from './testing/archives.ts';

const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof SbomError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('readTarGz', () => {
  it('reads regular files, including pax long names', () => {
    const long = `pkg-1.0/${'deep/'.repeat(25)}file.txt`;
    const entries = readTarGz(tarGz({ 'pkg-1.0/Cargo.toml': '[package]', [long]: 'far away' }));
    expect(entries.map((e) => e.path)).toEqual(['pkg-1.0/Cargo.toml', long]);
    expect(text(entries[1]?.data)).toBe('far away');
  });

  it('refuses a stream that is not gzip, a bad header checksum and a truncated entry', () => {
    expect(codeOf(() => readTarGz(Buffer.from('plain text')))).toBe(SbomErrorCode.ArchiveMalformed);
    expect(readTarGz(gzipSync(Buffer.alloc(0)))).toEqual([]);
    const good = gunzipSync(tarGz({ 'a.txt': 'hello' }));
    const corrupt = Buffer.from(good);
    corrupt[0] = 'b'.charCodeAt(0);
    expect(codeOf(() => readTar(corrupt))).toBe(SbomErrorCode.ArchiveMalformed);
    expect(codeOf(() => readTar(good.subarray(0, 514)))).toBe(SbomErrorCode.ArchiveMalformed);
  });
});

describe('readZip', () => {
  it('reads stored and deflated entries through the central directory', () => {
    const entries = readZip(zip({ 'a/METADATA': 'Name: a', 'a/RECORD': 'x'.repeat(500) }));
    expect(entries.map((e) => [e.path, text(e.data).length])).toEqual([
      ['a/METADATA', 7],
      ['a/RECORD', 500],
    ]);
  });

  it('refuses what is not a zip and a truncated one', () => {
    expect(codeOf(() => readZip(Buffer.from('not a zip at all, but long enough')))).toBe(
      SbomErrorCode.ArchiveMalformed,
    );
    const whole = zip({ 'a.txt': 'hello', 'b.txt': 'world' });
    const cut = Buffer.concat([whole.subarray(0, 10), whole.subarray(whole.length - 22)]);
    expect(codeOf(() => readZip(cut))).toBe(SbomErrorCode.ArchiveMalformed);
  });
});
