import type { z } from 'zod';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';

/** Reads `value` with `schema`, or fails naming the first problems' JSON paths and what was expected. */
export function readInput<T>(schema: z.ZodType<T>, value: unknown, where: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((i) => `/${i.path.map(String).join('/')}: ${i.message}`)
    .join('; ');
  throw new SnapshotError(SnapshotErrorCode.InputMalformed, `${where}: not ${what} (${problems})`);
}
