import { ProjectionsError, ProjectionsErrorCode } from '@shiplog/projections';
import type { Projections } from '@shiplog/projections';
import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import { deployedQuery, doraQuery, historyQuery, parseParams, rollbackTargetQuery } from './queryParams.ts';
import type { Route, RouteResponse } from './route.ts';

const projectionCodes: Readonly<Record<ProjectionsErrorCode, ApiErrorCode>> = {
  [ProjectionsErrorCode.InvalidQuery]: ApiErrorCode.QueryInvalid,
  [ProjectionsErrorCode.NotFound]: ApiErrorCode.NotFound,
  [ProjectionsErrorCode.SchemaMismatch]: ApiErrorCode.ProjectionsUnavailable,
  [ProjectionsErrorCode.Busy]: ApiErrorCode.ProjectionsUnavailable,
  [ProjectionsErrorCode.LedgerDiverged]: ApiErrorCode.ProjectionsUnavailable,
  [ProjectionsErrorCode.Inconsistent]: ApiErrorCode.ProjectionsInconsistent,
  [ProjectionsErrorCode.Closed]: ApiErrorCode.ProjectionsUnavailable,
};

/** Runs `use` on the read models of this process; their errors become the API's. */
export async function onReadModels<T>(context: ApiContext, use: (p: Projections) => Promise<T>): Promise<T> {
  const { projections } = context;
  if (projections === undefined)
    throw new ApiError(
      ApiErrorCode.ProjectionsUnavailable,
      'the read models are not available in this process',
    );
  try {
    return await use(projections);
  } catch (err) {
    if (err instanceof ProjectionsError)
      throw new ApiError(projectionCodes[err.code], err.message, { cause: err });
    throw err;
  }
}

/** Catches the read models up, then asks them. */
async function ask(
  context: ApiContext,
  question: (p: Projections) => Promise<unknown>,
): Promise<RouteResponse> {
  const body = await onReadModels(context, async (projections) => {
    await projections.catchUp();
    return question(projections);
  });
  return { status: 200, body };
}

/** The auditor's questions, answered with the CLI's `--json` documents: deployed, history, why, DORA. */
export function readRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/deployed',
      access: 'read',
      handle: ({ query }) => {
        const params = parseParams(deployedQuery, query);
        return ask(context, (p) => p.deployed(params));
      },
    },
    {
      method: 'GET',
      path: '/v1/history',
      access: 'read',
      handle: ({ query }) => {
        const params = parseParams(historyQuery, query);
        return ask(context, (p) => p.history(params));
      },
    },
    {
      method: 'GET',
      path: '/v1/rollback-target',
      access: 'read',
      handle: ({ query }) => {
        const params = parseParams(rollbackTargetQuery, query);
        return ask(context, (p) => p.rollbackTarget(params));
      },
    },
    {
      method: 'GET',
      path: '/v1/why/{id}',
      access: 'read',
      handle: ({ params }) => ask(context, (p) => p.why(params['id'] ?? '')),
    },
    {
      method: 'GET',
      path: '/v1/dora',
      access: 'read',
      handle: ({ query }) => {
        const params = parseParams(doraQuery, query);
        return ask(context, (p) => p.dora(params));
      },
    },
  ];
}
