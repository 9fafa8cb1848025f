import { storedValue } from '@shiplog/store';
import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import { parseParams, timelineQuery } from './queryParams.ts';
import { onReadModels } from './readRoutes.ts';
import type { Route } from './route.ts';

/** A stored record as the web view shows it: ledger metadata and the CDEvent as it was sent. */
function recordView(record: {
  streamId: string;
  revision: number;
  position: number;
  id: string;
  source: string;
  type: string;
  producer: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
  data: string;
}): Record<string, unknown> {
  // Kept as stored when it is not JSON: a record the reader cannot parse is still shown.
  const event = storedValue(record) ?? record.data;
  const { data: _data, ...metadata } = record;
  return { ...metadata, event };
}

function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What the web view needs besides the CLI's answers: the environments, an environment's timeline,
 * one stored event by id, and a release's status (when the process can read releases).
 */
export function viewRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/environments',
      access: 'read',
      handle: async () => {
        const environments = await onReadModels(context, async (p) => {
          await p.catchUp();
          return p.environments();
        });
        return { status: 200, body: { environments } };
      },
    },
    {
      method: 'GET',
      path: '/v1/timeline',
      access: 'read',
      handle: async ({ query }) => {
        const { limit, ...rest } = parseParams(timelineQuery, query);
        const params = limit === undefined ? rest : { ...rest, limit: Number(limit) };
        const body = await onReadModels(context, async (p) => {
          await p.catchUp();
          return p.timeline(params);
        });
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: '/v1/events/{id}',
      access: 'read',
      handle: async ({ params }) => {
        const id = params['id'] ?? '';
        const records = await context.store.readEventsById(id);
        if (records.length === 0) throw new ApiError(ApiErrorCode.NotFound, `no event ${id} is recorded`);
        return { status: 200, body: { eventId: id, records: records.map(recordView) } };
      },
    },
    {
      method: 'GET',
      path: '/v1/documents/{digest}',
      access: 'read',
      handle: async ({ params }) => {
        const digest = params['digest'] ?? '';
        if (!/^sha256:[0-9a-f]{64}$/.test(digest))
          throw new ApiError(
            ApiErrorCode.QueryInvalid,
            `the digest must be sha256:<64 hex>, not '${digest}'`,
            {
              problems: [{ path: 'digest', message: 'must be sha256:<64 lowercase hex>' }],
            },
          );
        const bytes = await context.fetchDocument?.(digest);
        // Only JSON documents (SBOMs, signature bundles): the built artifacts in the same store are not served here.
        const document = bytes === undefined ? undefined : jsonOf(bytes);
        if (document === undefined)
          throw new ApiError(ApiErrorCode.NotFound, `no SBOM or signature bundle ${digest} is held here`);
        return { status: 200, body: document };
      },
    },
    {
      method: 'GET',
      path: '/v1/releases/{id}',
      access: 'read',
      handle: async ({ params }) => {
        const id = params['id'] ?? '';
        if (context.releaseStatus === undefined)
          throw new ApiError(ApiErrorCode.NotFound, 'this process does not read releases');
        const status = await context.releaseStatus(id);
        if (status === undefined)
          throw new ApiError(ApiErrorCode.NotFound, `the ledger has no run of release ${id}`);
        return { status: 200, body: status };
      },
    },
  ];
}
