import { ApiErrorCode } from './errors.ts';
import type { RecordAnswer } from '@shiplog/ledger';

// The only place codes become HTTP statuses (STYLE.md: services map, packages do not).
const statuses: Readonly<Record<ApiErrorCode, number>> = {
  [ApiErrorCode.Unauthenticated]: 401,
  [ApiErrorCode.Forbidden]: 403,
  [ApiErrorCode.NotFound]: 404,
  [ApiErrorCode.MethodNotAllowed]: 405,
  [ApiErrorCode.QueryInvalid]: 400,
  [ApiErrorCode.BodyInvalid]: 400,
  [ApiErrorCode.BodyTooLarge]: 413,
  [ApiErrorCode.ProjectionsUnavailable]: 503,
  [ApiErrorCode.ProjectionsInconsistent]: 503,
  [ApiErrorCode.LogTampered]: 409,
  [ApiErrorCode.ConfigInvalid]: 500,
  [ApiErrorCode.Internal]: 500,
};

/** The HTTP status of an API error code. */
export function statusOf(code: ApiErrorCode): number {
  return statuses[code];
}

/** The ledger's answer to an event as an HTTP status: 201 recorded, 200 duplicate, 422 refused. */
export function recordStatus(answer: RecordAnswer): number {
  switch (answer.status) {
    case 'recorded':
      return 201;
    case 'duplicate':
      return 200;
    case 'refused':
      return 422;
  }
}
