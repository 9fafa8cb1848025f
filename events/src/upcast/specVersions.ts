/**
 * CDEvents spec versions shiplog reads natively: their events carry `context.specversion` and
 * the 0.5.1 type versions (0.5.0's schemas differ from 0.5.1's in that field's value only).
 */
export const currentSpecVersions: readonly string[] = Object.freeze(['0.5.0', '0.5.1']);

/**
 * Spec versions shiplog reads through an upcaster: their events carry `context.version`.
 * `0.5.0-draft` is what the custom-event example of spec 0.4.1 carries.
 */
export const legacySpecVersions: readonly string[] = Object.freeze([
  '0.3.0',
  '0.4.0',
  '0.4.1',
  '0.5.0-draft',
]);

/** The spec version an upcast event is read as. */
export const upcastSpecVersion = '0.5.1';

/** Every spec version shiplog reads, for messages. */
export function knownSpecVersionsText(): string {
  return `${currentSpecVersions.join(', ')} (context.specversion) or ${legacySpecVersions.join(', ')} (context.version, read through an upcaster)`;
}
