import { join } from 'node:path';
import type { ReleaseManifest } from '@shiplog/release';
import { buildJobOf } from '../buildJobs.ts';
import type { BuildJob } from '../jobs.ts';
import { recordRunStarted } from '../release/recordRunStarted.ts';
import type { WorkerContext } from '../workerContext.ts';

/**
 * Records run `run` of `manifest` as the release runner does (its manifest in the context's
 * workspace) and returns the build jobs it would issue: what a worker test hands a build worker.
 */
export async function startRecordedRun(
  ctx: WorkerContext,
  manifest: ReleaseManifest,
  run = 1,
  requestedAt = new Date('2026-11-21T10:00:00Z'),
): Promise<BuildJob[]> {
  await recordRunStarted(ctx, {
    manifest,
    manifestPath: join(ctx.workspace, 'shiplog-release.json'),
    run,
    dryRun: false,
    startedAt: requestedAt,
  });
  return manifest.packages.map((pkg) => buildJobOf(manifest, pkg, run, requestedAt));
}
