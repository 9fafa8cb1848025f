import type { z } from 'zod';
import { isDateTime, isUri, isUriReference } from './jsonFormats.ts';

/** The JSON Schema string formats that CDEvents uses. */
export type StringFormat = 'date-time' | 'uri' | 'uri-reference';

const checks: Record<StringFormat, { test: (text: string) => boolean; message: string }> = {
  'date-time': { test: isDateTime, message: 'must be an RFC 3339 date-time, e.g. 2023-03-20T14:27:05Z' },
  uri: { test: isUri, message: 'must be an absolute URI (RFC 3986), e.g. https://example.com/x' },
  'uri-reference': { test: isUriReference, message: 'must be a URI reference (RFC 3986), e.g. /ci/pipeline' },
};

/**
 * A string schema checked against a JSON Schema `format`; the format also appears in the JSON
 * Schema export.
 */
export function formatted(schema: z.ZodString, format: StringFormat): z.ZodString {
  const check = checks[format];
  return schema.refine(check.test, { message: check.message, params: { format } }).meta({ format });
}
