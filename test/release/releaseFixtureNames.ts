import { readFile, writeFile } from 'node:fs/promises';

/** The fixture release's id and package names (test/fixtures/release/shiplog-release.json). */
export const fixture = {
  id: 'shiplog-fixture@1.2.0',
  version: '1.2.0',
  npmMain: '@shiplog-fixture/native',
  npmLinux: '@shiplog-fixture/native-linux-x64',
  npmDarwin: '@shiplog-fixture/native-darwin-arm64',
  crateCore: 'shiplog-fixture-core',
  crateCalc: 'shiplog-fixture-calc',
  python: 'shiplog-fixture',
  wasm: 'shiplog-fixture-add',
  wasmRepository: 'shiplog-fixture/add',
} as const;

export const npmPackages = [fixture.npmLinux, fixture.npmDarwin, fixture.npmMain] as const;

/** An npm package's dist-tags as the registry answers them. */
export async function distTags(registryUrl: string, name: string): Promise<Record<string, string>> {
  const response = await fetch(
    `${registryUrl.replace(/\/$/, '')}/-/package/${name.replace('/', '%2f')}/dist-tags`,
  );
  if (response.status === 404) return {};
  if (!response.ok) throw new Error(`dist-tags of ${name}: ${response.status}`);
  return (await response.json()) as Record<string, string>;
}

/** Overwrites a file with other bytes of the same length (one byte flipped at the end). */
export async function alterFile(path: string): Promise<void> {
  const bytes = await readFile(path);
  const last = bytes.length - 1;
  bytes[last] = (bytes[last] ?? 0) ^ 0xff;
  await writeFile(path, bytes);
}
