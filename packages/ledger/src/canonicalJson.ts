import { hash } from 'node:crypto';

/** True when `keys` is already in the order `Array.prototype.sort` would put it in. */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/**
 * JSON with object keys sorted, so two encodings of the same value compare equal. Built as one
 * string in one pass: it runs for every answer ingest sends.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value);
  if (!inOrder(keys)) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`;
  }
  return `${out}}`;
}

/** `sha256:<hex>` of an event's canonical JSON: the same event however it was spaced or ordered. */
export function contentDigest(value: unknown): string {
  // One-shot `hash`: about twice as fast as createHash for an event, and ingest digests every answer.
  return `sha256:${hash('sha256', canonicalJson(value), 'hex')}`;
}
