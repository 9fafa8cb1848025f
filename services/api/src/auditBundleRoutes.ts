import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError, CheckpointErrorCode } from '@shiplog/checkpoint';
import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import type { Route } from './route.ts';
import { tarDirectory } from './tarDirectory.ts';

/** The bundle's export errors as the API's: no checkpoint yet is 404, a log behind it 409. */
function apiErrorOf(err: unknown): unknown {
  if (!(err instanceof CheckpointError)) return err;
  if (err.code === CheckpointErrorCode.CheckpointUnavailable)
    return new ApiError(ApiErrorCode.NotFound, 'no checkpoint has been signed yet: run shiplog checkpoint', {
      cause: err,
    });
  if (err.code === CheckpointErrorCode.LogBehindCheckpoint)
    return new ApiError(ApiErrorCode.LogTampered, err.message, { cause: err });
  return err;
}

/**
 * `GET /v1/audit-bundle`: `shiplog export --audit` as a download — a tar of the bundle (every record
 * up to the latest checkpoint, proofs, checkpoints, SBOMs and signature bundles) written to a
 * scratch directory, streamed, then removed. Signs nothing: the bundle ends at the latest checkpoint.
 */
export function auditBundleRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/audit-bundle',
      access: 'read',
      handle: async () => {
        const { auditBundle } = context;
        if (auditBundle === undefined)
          throw new ApiError(ApiErrorCode.NotFound, 'this process does not export audit bundles');
        const scratch = await mkdtemp(join(tmpdir(), 'shiplog-audit-'));
        const dir = join(scratch, 'bundle');
        let treeSize: number;
        try {
          ({ treeSize } = await auditBundle(dir));
        } catch (err) {
          await rm(scratch, { recursive: true, force: true });
          throw apiErrorOf(err);
        }
        const name = `shiplog-audit-${treeSize}`;
        return {
          status: 200,
          body: undefined,
          download: {
            type: 'application/x-tar',
            fileName: `${name}.tar`,
            write: (out) =>
              tarDirectory(dir, name, out).finally(() => rm(scratch, { recursive: true, force: true })),
          },
        };
      },
    },
  ];
}
