import { describe, expect, it } from 'vitest';
import { crateMetadataOf, cratesIoIndex, encodePublishBody } from './crateMetadata.ts';
import { RegistryErrorCode } from './errors.ts';
import { tarGz } from './testing/tarGz.ts';

const index = 'https://registry.example/index/';
const manifest = `
[package]
name = "demo"
version = "0.3.0"
description = "A demo"
license = "MIT"
readme = "README.md"
keywords = ["a", "b"]

[dependencies.core]
version = "1.2.0"
registry-index = "sparse+https://registry.example/index/"

[dependencies.json]
version = "1"
package = "serde_json"
features = ["std"]
optional = true
default-features = false

[dependencies.foreign]
version = "0.1"
registry-index = "${cratesIoIndex}"

[dev-dependencies.tester]
version = "2"

[build-dependencies]
cc = "1.0"

[target."cfg(unix)".dependencies]
libc = "0.2"

[features]
fast = ["json"]
`;

describe('publish metadata from a .crate', () => {
  const crate = tarGz({ 'demo-0.3.0/Cargo.toml': manifest, 'demo-0.3.0/README.md': '# Demo\n' });

  it('builds what cargo sends: deps by kind and target, renames, registries, readme', () => {
    const meta = crateMetadataOf(crate, index);
    expect(meta).toMatchObject({
      name: 'demo',
      vers: '0.3.0',
      description: 'A demo',
      license: 'MIT',
      readme: '# Demo\n',
      readme_file: 'README.md',
      keywords: ['a', 'b'],
      features: { fast: ['json'] },
    });
    const deps = Object.fromEntries(meta.deps.map((d) => [d.explicit_name_in_toml ?? d.name, d]));
    expect(deps['core']).toMatchObject({
      name: 'core',
      version_req: '1.2.0',
      kind: 'normal',
      registry: null,
    });
    expect(deps['json']).toMatchObject({
      name: 'serde_json',
      explicit_name_in_toml: 'json',
      features: ['std'],
      optional: true,
      default_features: false,
    });
    expect(deps['foreign']?.registry).toBe(cratesIoIndex);
    expect(deps['tester']?.kind).toBe('dev');
    expect(deps['cc']).toMatchObject({ kind: 'build', version_req: '1.0' });
    expect(deps['libc']).toMatchObject({ target: 'cfg(unix)', kind: 'normal' });
  });

  it('frames the body as u32 LE length + JSON, u32 LE length + crate', () => {
    const meta = crateMetadataOf(crate, index);
    const body = encodePublishBody(meta, crate);
    const view = new DataView(body.buffer);
    const jsonLength = view.getUint32(0, true);
    expect(JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + jsonLength)))).toEqual(
      JSON.parse(JSON.stringify(meta)),
    );
    expect(view.getUint32(4 + jsonLength, true)).toBe(crate.length);
    expect(Buffer.from(body.subarray(8 + jsonLength)).equals(Buffer.from(crate))).toBe(true);
  });

  it('refuses a file that is not a crate, or one without [package], with ARTIFACT_INVALID', () => {
    expect(() => crateMetadataOf(new Uint8Array([1, 2, 3]), index)).toThrow(
      expect.objectContaining({ code: RegistryErrorCode.ArtifactInvalid }),
    );
    const noPackage = tarGz({ 'x-1.0.0/Cargo.toml': '[dependencies]\n' });
    expect(() => crateMetadataOf(noPackage, index)).toThrow(
      expect.objectContaining({ code: RegistryErrorCode.ArtifactInvalid }),
    );
  });
});
