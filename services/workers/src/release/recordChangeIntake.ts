import type { ReleaseManifest } from '@shiplog/release';
import { buildEvent } from '@shiplog/sdk';
import { readOwnEvent } from '../readOwnEvent.ts';
import { recordOutcome } from '../recordOutcome.ts';
import type { WorkerContext } from '../workerContext.ts';
import { releaseChangeOf } from './releaseId.ts';
import type { SourceRevision } from './sourceRevision.ts';

/**
 * Stage 1 of the release's builds: the change they name (`release-<release>-<version>`) recorded
 * as `change.created` by the release runner, once (the first run), with the repository the
 * manifest was read from. A CI may record its own change events for that subject too.
 */
export async function recordChangeIntake(
  ctx: Pick<WorkerContext, 'recorder' | 'store' | 'secrets'>,
  manifest: ReleaseManifest,
  at: Date,
  source: SourceRevision | undefined,
): Promise<void> {
  const change = releaseChangeOf(manifest);
  const id = `${change}.intake`;
  if ((await readOwnEvent(ctx.store, id)) !== undefined) return;
  await recordOutcome(
    ctx,
    buildEvent('dev.cdevents.change.created.0.4.0', {
      id,
      source: '/shiplog/release',
      timestamp: at,
      subjectId: change,
      content: {
        description: `release ${manifest.release} ${manifest.version}`,
        ...(source === undefined ? {} : { repository: { id: source.repository } }),
      },
    }),
  );
}
