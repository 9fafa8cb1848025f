/** RFC 6901 JSON Pointer for a path of keys and indexes, e.g. `['context', 'timestamp']` → `/context/timestamp`. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
