import type { ProjectionsError } from '@shiplog/projections';
import { UsageError } from '../command.ts';

/** The flag a query field is set by on the command line: `knownAt` → `--known-at`. */
export function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** A read command's `INVALID_QUERY` as a usage error (exit 2) that names the flags at fault. */
export function queryUsageError(err: ProjectionsError): UsageError {
  const flags = err.fields.map(flagOf);
  const message = flags.length === 0 ? err.message : `${err.message} (${flags.join(', ')})`;
  return new UsageError(message, { cause: err });
}
