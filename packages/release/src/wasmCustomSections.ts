const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The UTF-8 custom sections of a WebAssembly module or component by name (`version`, `authors`…,
 * as wasm-metadata writes them); sections that are not UTF-8 text are left out. Throws on bytes
 * that are not wasm.
 */
export function wasmCustomSections(bytes: Uint8Array): ReadonlyMap<string, string> {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error('no \\0asm magic');
  let at = 8;
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) break;
      const b = bytes[at++] as number;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error(`malformed integer at byte ${at}`);
  };
  const sections = new Map<string, string>();
  while (at < bytes.length) {
    const id = bytes[at++] as number;
    const size = u32();
    const end = at + size;
    if (end > bytes.length) throw new Error(`section at byte ${at} runs past the end`);
    if (id === 0) {
      const length = u32();
      const name = new TextDecoder().decode(bytes.subarray(at, at + length));
      try {
        sections.set(name, decoder.decode(bytes.subarray(at + length, end)));
      } catch {
        // A binary custom section (`name`, `producers`…): not text, not a fact we compare.
      }
    }
    at = end;
  }
  return sections;
}
