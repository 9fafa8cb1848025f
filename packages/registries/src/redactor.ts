/** Replaces every secret it was given, in the forms a registry or proxy may echo them back. */
export interface Redactor {
  /** Adds secrets; empty and very short values (under 6 characters) are ignored. */
  add(...secrets: readonly (string | undefined)[]): void;
  /** `text` with every known secret replaced by `[REDACTED]`. */
  redact(text: string): string;
  /** A copy of `value` with every string in it (keys too) redacted; non-JSON values pass as they are. */
  redactValue<T>(value: T): T;
}

export const REDACTED = '[REDACTED]';

/** Shorter values would blank out ordinary words; no credential is this short. */
const MIN_SECRET_LENGTH = 6;

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * The forms a credential travels in: itself, URL-encoded, base64 (a docker `auth`, HTTP Basic of a
 * `user:password`), PyPI's Basic `__token__:<token>`, and the password part of a `user:password`.
 */
function formsOf(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), base64(secret), base64(`__token__:${secret}`)];
  const colon = secret.indexOf(':');
  if (colon > 0) {
    const password = secret.slice(colon + 1);
    forms.push(password, encodeURIComponent(password), base64(password));
  }
  // JSON-escaped, for a body that quotes the value it was sent.
  forms.push(...forms.map((f) => JSON.stringify(f).slice(1, -1)));
  return forms.filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** A redactor for the configured credentials; `add` more as they are resolved (e.g. minted tokens). */
export function createRedactor(...secrets: readonly (string | undefined)[]): Redactor {
  const known = new Set<string>();
  // Longest first, so a secret containing another is replaced whole.
  let ordered: string[] = [];
  const redact = (text: string): string => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
  const redactValue = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(redactValue);
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        type: value.name,
        message: redact(value.message),
        ...(typeof code === 'string' ? { code } : {}),
        ...(value.stack === undefined ? {} : { stack: redact(value.stack) }),
      };
    }
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
      return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactValue(v)]));
  };
  const redactor: Redactor = {
    add(...values) {
      for (const value of values) {
        if (value === undefined) continue;
        for (const form of formsOf(value)) known.add(form);
      }
      ordered = [...known].sort((a, b) => b.length - a.length);
    },
    redact,
    redactValue: <T>(value: T): T => redactValue(value) as T,
  };
  redactor.add(...secrets);
  return redactor;
}
