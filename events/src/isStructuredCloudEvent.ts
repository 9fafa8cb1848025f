/**
 * Whether a JSON value is a structured-mode CloudEvent (a `specversion` and a `data` member, not
 * a CDEvent's `context`) rather than a bare CDEvent: the test HTTP, NATS and the CLI share.
 */
export function isStructuredCloudEvent(value: unknown): value is { specversion: unknown; data: unknown } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.hasOwn(value, 'specversion') &&
    Object.hasOwn(value, 'data') &&
    !Object.hasOwn(value, 'context')
  );
}
