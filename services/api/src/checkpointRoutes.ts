import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import type { Route } from './route.ts';

/**
 * `GET /v1/checkpoint`: the latest signed checkpoint of the log (C2SP tlog-checkpoint in the
 * signed-note format, in `note`), for auditors to keep and compare later; 404 before the first.
 */
export function checkpointRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/checkpoint',
      access: 'read',
      handle: () => {
        const latest = context.latestCheckpoint?.();
        if (latest === undefined)
          throw new ApiError(
            ApiErrorCode.NotFound,
            'no checkpoint has been signed yet: run shiplog checkpoint',
          );
        const { treeSize, lastPosition, root, note, createdAt } = latest;
        return Promise.resolve({ status: 200, body: { treeSize, lastPosition, root, note, createdAt } });
      },
    },
  ];
}
