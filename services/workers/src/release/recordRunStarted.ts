import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentDigest } from '@shiplog/ledger';
import type { GatePolicy } from '@shiplog/ledger';
import type { ReleaseManifest } from '@shiplog/release';
import { buildEvent } from '@shiplog/sdk';
import { WorkerError, WorkerErrorCode } from '../errors.ts';
import { isInsidePath, readRecordedRun } from '../recordedEntry.ts';
import { recordOutcome } from '../recordOutcome.ts';
import type { WorkerContext } from '../workerContext.ts';
import { recordChangeIntake } from './recordChangeIntake.ts';
import { releaseIdOf, releaseSubjectOf, runStartedId } from './releaseId.ts';
import { sourceRevisionOf } from './sourceRevision.ts';

export interface RunStart {
  readonly manifest: ReleaseManifest;
  readonly manifestPath: string;
  /** What the checkout path is recorded relative to (default: the manifest's directory). */
  readonly workspace?: string;
  readonly run: number;
  readonly dryRun: boolean;
  readonly startedAt: Date;
  /** The gate policy the run decides by, recorded so a resume decides alike. */
  readonly policy?: GatePolicy;
}

/**
 * Records the start of release run `run` with its whole manifest and the manifest's directory
 * relative to the workspace, and the git revision it is at (when in a git checkout): the facts
 * every build job of the run names, and the only place a build worker reads a recipe from. Checks the ledger then holds this very record (an event some
 * emitter recorded earlier under the id would not do). Returns the workspace.
 */
export async function recordRunStarted(
  ctx: Pick<WorkerContext, 'recorder' | 'store' | 'secrets'>,
  start: RunStart,
): Promise<string> {
  const { manifest, run } = start;
  const id = releaseIdOf(manifest);
  const manifestDir = dirname(resolve(start.manifestPath));
  const workspace = resolve(start.workspace ?? manifestDir);
  const checkout = relative(workspace, manifestDir) || '.';
  if (checkout !== '.' && (isAbsolute(checkout) || !isInsidePath(checkout))) {
    throw new WorkerError(
      WorkerErrorCode.ManifestOutsideWorkspace,
      `the manifest ${start.manifestPath} is not inside the workspace ${workspace} (SHIPLOG_WORKSPACE); build workers check out only from their workspace`,
    );
  }
  // The provenance's resolved dependency: the repository and commit the manifest was read from.
  const source = await sourceRevisionOf(manifestDir);
  await recordOutcome(
    ctx,
    buildEvent('dev.cdevents.pipelinerun.started.0.3.0', {
      id: runStartedId(id, run),
      source: '/shiplog/release',
      timestamp: start.startedAt,
      subjectId: releaseSubjectOf(manifest),
      content: { pipelineName: `release ${id}`, uri: pathToFileURL(start.manifestPath).href },
      customData: {
        release: manifest.release,
        version: manifest.version,
        run,
        dryRun: start.dryRun,
        manifest,
        checkout,
        ...(source === undefined ? {} : { source }),
        ...(start.policy === undefined ? {} : { policy: start.policy }),
      },
    }),
  );
  await recordChangeIntake(ctx, manifest, start.startedAt, source);
  const recorded = await readRecordedRun(ctx.store, {
    release: manifest.release,
    version: manifest.version,
    run,
  });
  if (contentDigest(recorded.manifest) !== contentDigest(manifest) || recorded.checkout !== checkout) {
    throw new WorkerError(
      WorkerErrorCode.JobUnrecorded,
      `${runStartedId(id, run)} in the ledger is not this run's manifest; nothing was built`,
    );
  }
  return workspace;
}
