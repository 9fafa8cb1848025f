import { ProjectionsError } from '@shiplog/projections';
import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import { projectionCodes } from './readRoutes.ts';
import type { Route } from './route.ts';

/**
 * `GET /v1/verify/projections`: `shiplog verify --projections` for the read models of this
 * process — 200 with the verification (`ok` false when a read model differs from a replay of the
 * log). Read-only: the replay goes to a temporary file, and queries go on meanwhile.
 */
export function verifyRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/verify/projections',
      access: 'read',
      async handle() {
        const { projections } = context;
        if (projections === undefined)
          throw new ApiError(
            ApiErrorCode.ProjectionsUnavailable,
            'the read models are not available in this process',
          );
        try {
          return { status: 200, body: await projections.verify() };
        } catch (err) {
          if (err instanceof ProjectionsError)
            throw new ApiError(projectionCodes[err.code], err.message, { cause: err });
          throw err;
        }
      },
    },
  ];
}
