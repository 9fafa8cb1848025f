// Post-deploy verification that really runs something: the module is fetched by digest from the
// OCI registry it was published to, its bytes hashed, instantiated, and `add` called.
import { createHash } from 'node:crypto';
import type { DeployCheck } from './deploymentEvents.ts';

// Node has WebAssembly; the project's lib (es2024, no DOM) does not declare it.
interface WasmRuntime {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;

/** Instantiates the fixture module (its one import stubbed) and returns `add(2, 3)`. */
export async function callAdd(bytes: Uint8Array): Promise<number> {
  const imports = { wasi_snapshot_preview1: { proc_exit: (): void => undefined } };
  const { instance } = await wasm.instantiate(bytes, imports);
  const add = instance.exports['add'] as (a: number, b: number) => number;
  return add(2, 3);
}

/**
 * `repositoryUrl`: `http://host:port/<repository>` of the OCI registry; `auth`: `user:password`
 * when it wants HTTP Basic.
 */
export async function wasmSmokeCheck(
  repositoryUrl: string,
  digest: string,
  auth?: string,
): Promise<DeployCheck[]> {
  const { origin, pathname } = new URL(repositoryUrl);
  const headers: Record<string, string> =
    auth === undefined ? {} : { authorization: `Basic ${Buffer.from(auth).toString('base64')}` };
  const response = await fetch(`${origin}/v2${pathname.replace(/\/$/, '')}/blobs/${digest}`, { headers });
  if (!response.ok) {
    const detail = `GET blob ${digest}: HTTP ${response.status}`;
    return [{ name: 'fetch', kind: 'availability', outcome: 'fail', detail }];
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const fetched: DeployCheck = {
    name: 'fetch',
    kind: 'availability',
    outcome: actual === digest ? 'pass' : 'fail',
    detail: `${bytes.length} bytes, ${actual}`,
  };
  if (actual !== digest) return [fetched];
  const sum = await callAdd(bytes);
  return [
    fetched,
    { name: 'add(2, 3)', kind: 'smoke', outcome: sum === 5 ? 'pass' : 'fail', detail: `add(2, 3) = ${sum}` },
  ];
}
