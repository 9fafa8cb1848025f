// The verification the demo really runs on each built artifact, on the bytes the artifact store
// holds under its digest: they hash to that digest, they are what their file name says (the
// package metadata names the package and version; the wasm module adds), and no secret is inside.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tarGzEntries, zipEntries } from './archiveEntries.ts';
import type { ArchiveEntry } from './archiveEntries.ts';
import { callAdd } from './wasmSmokeCheck.ts';

export interface CheckedArtifact {
  readonly package: string;
  readonly fileName: string;
  readonly digest: string;
}

export interface ArtifactCheckResult {
  /** Each test by name, and whether it passed. */
  readonly tests: readonly { readonly name: string; readonly passed: boolean }[];
  /** Files holding something shaped like a private key or a registry token. */
  readonly secretsFound: readonly string[];
}

const secretPatterns = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bghp_[A-Za-z0-9]{36}\b/,
  /\bnpm_[A-Za-z0-9]{36}\b/,
  /\bpypi-[A-Za-z0-9_-]{50,}\b/,
];

/** `sha256/<2 hex>/<hex>` under the artifact store directory (SHIPLOG_ARTIFACTS_DIR). */
export function artifactPath(artifactsDir: string, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(artifactsDir, 'sha256', hex.slice(0, 2), hex);
}

function metadataTest(entries: readonly ArchiveEntry[], file: RegExp, expected: readonly RegExp[]) {
  const found = entries.find((e) => file.test(e.name));
  const content = found?.bytes.toString('utf8') ?? '';
  return found !== undefined && expected.every((pattern) => pattern.test(content));
}

async function contentTests(artifact: CheckedArtifact, bytes: Buffer, version: string) {
  const { fileName } = artifact;
  const v = version.replaceAll('.', '\\.');
  const named = artifact.package.replaceAll('.', '\\.');
  if (fileName.endsWith('.wasm')) {
    const magic = bytes.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]));
    return {
      entries: [],
      tests: [
        { name: 'is a wasm module', passed: magic },
        { name: 'add(2, 3) = 5', passed: magic && (await callAdd(bytes)) === 5 },
      ],
    };
  }
  if (fileName.endsWith('.whl')) {
    const entries = zipEntries(bytes);
    const passed = metadataTest(entries, /\.dist-info\/METADATA$/, [
      new RegExp(`^Name: ${named}$`, 'mi'),
      new RegExp(`^Version: ${v}$`, 'm'),
    ]);
    return { entries, tests: [{ name: 'METADATA names the project and version', passed }] };
  }
  const entries = tarGzEntries(bytes);
  if (fileName.endsWith('.tgz')) {
    const passed = metadataTest(entries, /^package\/package\.json$/, [
      new RegExp(`"name": "${named}"`),
      new RegExp(`"version": "${v}"`),
    ]);
    return { entries, tests: [{ name: 'package.json names the package and version', passed }] };
  }
  if (fileName.endsWith('.crate')) {
    const passed = metadataTest(entries, /^[^/]+\/Cargo\.toml$/, [
      new RegExp(`^name = "${named}"$`, 'm'),
      new RegExp(`^version = "${v}"$`, 'm'),
    ]);
    return { entries, tests: [{ name: 'Cargo.toml names the crate and version', passed }] };
  }
  const passed = metadataTest(entries, /^[^/]+\/PKG-INFO$/, [
    new RegExp(`^Name: ${named}$`, 'mi'),
    new RegExp(`^Version: ${v}$`, 'm'),
  ]);
  return { entries, tests: [{ name: 'PKG-INFO names the project and version', passed }] };
}

/** Runs the checks of one artifact of `version`; a missing or unreadable file is a failed test. */
export async function checkArtifact(
  artifactsDir: string,
  artifact: CheckedArtifact,
  version: string,
): Promise<ArtifactCheckResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(artifactPath(artifactsDir, artifact.digest));
  } catch {
    return { tests: [{ name: 'the artifact store holds the bytes', passed: false }], secretsFound: [] };
  }
  const hashed = `sha256:${createHash('sha256').update(bytes).digest('hex')}` === artifact.digest;
  let content;
  try {
    content = await contentTests(artifact, bytes, version);
  } catch (err) {
    const name = `readable (${err instanceof Error ? err.message : String(err)})`;
    content = { entries: [], tests: [{ name, passed: false }] };
  }
  const files = content.entries.length > 0 ? content.entries : [{ name: artifact.fileName, bytes }];
  const secretsFound = files
    .filter((f) => secretPatterns.some((pattern) => pattern.test(f.bytes.toString('latin1'))))
    .map((f) => f.name);
  return {
    tests: [{ name: 'bytes hash to the recorded digest', passed: hashed }, ...content.tests],
    secretsFound,
  };
}
