import { storedCustomData } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import { z } from 'zod';
import { builtFromRecord } from './builtFromRecord.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { BuiltArtifact } from './jobs.ts';
import { readOwnEvent } from './readOwnEvent.ts';

/** What the build worker recorded with each file beyond the artifact: its run, entry and timing. */
const buildFacts = z.object({
  release: z.string().min(1),
  version: z.string().min(1),
  /** The package's own version (builds recorded before per-package versions: the release's). */
  packageVersion: z.string().min(1).optional(),
  run: z.number().int().min(1),
  entryDigest: z.string().min(1),
  runner: z.string().min(1),
  startedOn: z.iso.datetime({ offset: true }),
  finishedOn: z.iso.datetime({ offset: true }),
  /** OCI artifacts: the manifest the build computed (its digest is the purl version) and its `created`. */
  oci: z
    .object({
      manifestDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
      created: z.iso.datetime({ offset: true }),
    })
    .optional(),
});

/** One file a build worker built, read from its `artifact.packaged` record. */
export interface RecordedBuild extends z.infer<typeof buildFacts> {
  readonly artifact: BuiltArtifact;
}

/**
 * The build `packagedEventId` names, as shiplog's build worker recorded it (producer
 * `shiplog-workers`); `JOB_UNRECORDED` for an id the ledger does not hold as such a build.
 */
export async function readRecordedBuild(store: EventStore, packagedEventId: string): Promise<RecordedBuild> {
  const record = await readOwnEvent(store, packagedEventId);
  const artifact = record === undefined ? undefined : builtFromRecord(record);
  if (record === undefined || artifact === undefined) {
    throw new WorkerError(
      WorkerErrorCode.JobUnrecorded,
      `the ledger holds no build ${packagedEventId} recorded by shiplog's build worker`,
    );
  }
  const facts = buildFacts.safeParse(storedCustomData(record));
  if (!facts.success) {
    throw new WorkerError(
      WorkerErrorCode.JobUnrecorded,
      `the build ${packagedEventId} names no release run and manifest entry`,
    );
  }
  return { ...facts.data, artifact };
}
