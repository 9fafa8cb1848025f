import type { z } from 'zod';
import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';
import { jsonPointer } from './jsonPointer.ts';

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key))
      return { found: false, value };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value };
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// zod's name for a type, in JSON's words.
function jsonTypeName(expected: string | undefined): string {
  if (expected === undefined) return 'something else';
  return expected === 'record' ? 'object' : expected;
}

// What arrived, short enough for a one-line message.
function arrived(value: unknown): string {
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function issueProblems(issue: Issue, input: unknown, base: readonly PropertyKey[]): Problem[] {
  const path = [...base, ...issue.path];
  const at = jsonPointer(path);
  switch (issue.code) {
    case 'invalid_type': {
      const { found, value } = valueAt(input, path);
      if (!found) return [{ path: at, code: EventsErrorCode.Required, message: 'is required' }];
      return [
        {
          path: at,
          code: EventsErrorCode.WrongType,
          message: `must be ${jsonTypeName(issue.expected)}, not ${jsonTypeOf(value)}`,
        },
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const expected = issue.values.length === 1 ? `must be ${allowed}` : `must be one of ${allowed}`;
      const message = `${expected}, not ${arrived(valueAt(input, path).value)}`;
      return [{ path: at, code: EventsErrorCode.ValueNotAllowed, message }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: jsonPointer([...path, key]),
        code: EventsErrorCode.UnknownField,
        message: 'is not a known field here (check its spelling, or remove it)',
      }));
    case 'too_small':
      return [{ path: at, code: EventsErrorCode.TooSmall, message: tooSmallMessage(issue) }];
    case 'too_big':
      return [
        {
          path: at,
          code: EventsErrorCode.TooBig,
          message: `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`,
        },
      ];
    case 'invalid_format':
      return [
        {
          path: at,
          code: EventsErrorCode.BadFormat,
          message: `${issue.message}, not ${arrived(valueAt(input, path).value)}`,
        },
      ];
    case 'invalid_union':
      return unionProblems(issue, input, path);
    case 'custom': {
      const format = (issue.params as { format?: unknown } | undefined)?.format;
      const code = format === undefined ? EventsErrorCode.FieldInvalid : EventsErrorCode.BadFormat;
      return [{ path: at, code, message: `${issue.message}, not ${arrived(valueAt(input, path).value)}` }];
    }
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    default:
      return [{ path: at, code: EventsErrorCode.FieldInvalid, message: issue.message }];
  }
}

function tooSmallMessage(issue: z.core.$ZodIssueTooSmall): string {
  if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
  if (issue.origin === 'string') return `must be at least ${String(issue.minimum)} characters`;
  if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} items`;
  return `must be at least ${String(issue.minimum)}`;
}

// A union failed: report the variant the value came closest to, or the set of allowed types.
function unionProblems(issue: z.core.$ZodIssueInvalidUnion, input: unknown, path: PropertyKey[]): Problem[] {
  const variants = issue.errors.map((issues) => issues.flatMap((i) => issueProblems(i, input, path)));
  const typeOnly = variants.every((v) => v.length === 1 && v[0]?.code === EventsErrorCode.WrongType);
  if (typeOnly || variants.length === 0) {
    const { value } = valueAt(input, path);
    const expected = issue.errors.map((issues) =>
      jsonTypeName((issues[0] as { expected?: string } | undefined)?.expected),
    );
    return [
      {
        path: jsonPointer(path),
        code: EventsErrorCode.NoVariantMatches,
        message: `must be ${[...new Set(expected)].join(' or ')}, not ${jsonTypeOf(value)}`,
      },
    ];
  }
  // A variant whose discriminating literal already matched is the one the producer meant.
  const plausible = variants.filter((v) => !v.some((p) => p.code === EventsErrorCode.ValueNotAllowed));
  const pool = plausible.length > 0 ? plausible : variants;
  return pool.reduce((best, v) => (v.length < best.length ? v : best));
}

/** Turns zod issues into problems with JSON Pointers relative to `input`, under `base`. */
export function zodProblems(error: z.ZodError, input: unknown, base: readonly PropertyKey[] = []): Problem[] {
  return error.issues.flatMap((issue) => issueProblems(issue, input, base));
}
