import type { ApiContext } from './apiContext.ts';
import { onReadModels } from './readRoutes.ts';
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
      handle: async () => ({ status: 200, body: await onReadModels(context, (p) => p.verify()) }),
    },
  ];
}
