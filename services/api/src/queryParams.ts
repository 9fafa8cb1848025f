import { z } from 'zod';
import { isDateTime } from '@shiplog/events';
import { ApiError, ApiErrorCode } from './errors.ts';

const name = z.string().min(1).max(200);
const time = z.string().refine(isDateTime, 'must be an RFC 3339 date-time');

export const deployedQuery = z.strictObject({
  env: name,
  service: name.optional(),
  at: time.optional(),
  knownAt: time.optional(),
});
export const historyQuery = z.strictObject({
  env: name,
  service: name.optional(),
  since: time.optional(),
  until: time.optional(),
  knownAt: time.optional(),
});
export const doraQuery = z.strictObject({
  env: name.optional(),
  service: name.optional(),
  since: time.optional(),
  until: time.optional(),
  knownAt: time.optional(),
  weekly: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const rollbackTargetQuery = z.strictObject({
  env: name,
  service: name,
  at: time.optional(),
  knownAt: time.optional(),
});
export const timelineQuery = z.strictObject({
  env: name,
  service: name.optional(),
  since: time.optional(),
  until: time.optional(),
  limit: z
    .string()
    .refine(
      (n) => /^\d{1,4}$/.test(n) && Number(n) >= 1 && Number(n) <= 1000,
      'must be a whole number from 1 to 1000',
    )
    .optional(),
});
export const gateQuery = z.strictObject({
  env: name,
  artifact: z.string().min(1),
  stage: z.string().min(1).optional(),
  service: name.optional(),
});

/** Parses a query or body against a schema; throws `code` naming every bad field. */
export function parseParams<T>(
  schema: z.ZodType<T>,
  value: unknown,
  code: ApiErrorCode = ApiErrorCode.QueryInvalid,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    return { path: [...issue.path, ...keys].join('.') || '/', message: issue.message };
  });
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new ApiError(code, summary, { problems });
}
