import { tarGz, zip } from '@shiplog/sbom/testing/archives.ts';

/** An npm tarball whose package.json is `json`, holding `files` (default: the `main`). */
export function npmTarball(
  json: Record<string, unknown>,
  files: readonly string[] = ['index.js'],
): Uint8Array {
  return tarGz({
    'package/package.json': JSON.stringify(json),
    ...Object.fromEntries(files.map((f) => [`package/${f}`, '// file\n'])),
  });
}

/** A `.crate` whose Cargo.toml says `name`, `version` and any extra `[package]` lines. */
export function crateFile(name: string, version: string, extra = ''): Uint8Array {
  return tarGz({
    [`${name}-${version}/Cargo.toml`]: `[package]\nname = "${name}"\nversion = "${version}"\n${extra}`,
    [`${name}-${version}/src/lib.rs`]: '',
  });
}

/** A wheel whose METADATA says `name` and `version`. */
export function wheelFile(name: string, version: string): Uint8Array {
  return zip({
    [`${name.replaceAll('-', '_')}-${version}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`,
  });
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** An empty wasm module with UTF-8 custom sections (`{version: '1.2.0'}`, as wasm-metadata writes). */
export function wasmModule(sections: Readonly<Record<string, string>> = {}): Uint8Array {
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const [name, text] of Object.entries(sections)) {
    const body = [...leb128(Buffer.byteLength(name)), ...Buffer.from(name), ...Buffer.from(text)];
    bytes.push(0, ...leb128(body.length), ...body);
  }
  return Uint8Array.from(bytes);
}
