import type { ArtifactDescription } from './artifactDescription.ts';
import { SbomError, SbomErrorCode } from './errors.ts';

const decoder = new TextDecoder();

/** A cursor over a wasm module's bytes (LEB128 integers, length-prefixed names). */
function reader(bytes: Uint8Array, start: number, end: number) {
  let at = start;
  const fail = (): never => {
    throw new SbomError(SbomErrorCode.MetadataMalformed, `wasm module is malformed at byte ${at}`);
  };
  const byte = (): number => (at < end ? (bytes[at++] as number) : fail());
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    return fail();
  };
  const name = (): string => {
    const length = u32();
    if (at + length > end) fail();
    const text = decoder.decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  const skipLimits = (): void => {
    const flags = byte();
    u32();
    if (flags & 1) u32();
  };
  return {
    byte,
    u32,
    name,
    skipLimits,
    get at() {
      return at;
    },
    done: () => at >= end,
  };
}

function importDesc(r: ReturnType<typeof reader>): string {
  const kind = r.byte();
  switch (kind) {
    case 0:
      r.u32();
      return 'func';
    case 1:
      r.byte();
      r.skipLimits();
      return 'table';
    case 2:
      r.skipLimits();
      return 'memory';
    case 3:
      r.byte();
      r.byte();
      return 'global';
    default:
      r.u32();
      return 'tag';
  }
}

/**
 * Reads a core wasm module: its imports (the host modules it depends on, e.g. WASI), exports and
 * custom sections. A module carries no name or version of its own; the caller supplies them.
 */
export function describeWasm(
  bytes: Uint8Array,
  identity: { name: string; version: string },
): ArtifactDescription {
  if (bytes.length < 8 || decoder.decode(bytes.subarray(0, 4)) !== '\0asm') {
    throw new SbomError(SbomErrorCode.MetadataMalformed, 'not a wasm module (no \\0asm magic)');
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  const top = reader(bytes, 8, bytes.length);
  const imports: string[] = [];
  const exports: string[] = [];
  const custom: string[] = [];
  while (!top.done()) {
    const id = top.byte();
    const size = top.u32();
    const start = top.at;
    const r = reader(bytes, start, start + size);
    if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        const module = r.name();
        const field = r.name();
        imports.push(`${module}.${field} (${importDesc(r)})`);
      }
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        exports.push(r.name());
        r.byte();
        r.u32();
      }
    } else if (id === 0) custom.push(r.name());
    for (let skip = 0; skip < size; skip++) top.byte();
  }
  const modules = [...new Set(imports.map((i) => i.slice(0, i.indexOf('.'))))];
  return {
    kind: 'wasm',
    purlType: 'generic',
    name: identity.name,
    version: identity.version,
    dependencies: modules.map((name) => ({ name, scope: 'required', purlType: 'generic' })),
    properties: [
      ['shiplog:wasm:binary-version', String(version)],
      ...imports.map((i) => ['shiplog:wasm:import', i] as const),
      ...exports.map((e) => ['shiplog:wasm:export', e] as const),
      ...custom.map((c) => ['shiplog:wasm:custom-section', c] as const),
    ],
  };
}
