import { contentDigest, storedCustomData } from '@shiplog/ledger';
import { releaseManifest } from '@shiplog/release';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import type { EventStore } from '@shiplog/store';
import { z } from 'zod';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import { WORKERS_PRODUCER } from './recordOutcome.ts';
import { runStartedId } from './release/releaseId.ts';
import { readOwnEvent } from './readOwnEvent.ts';

/** A package of a manifest a release run recorded, and where its checkout is (relative). */
export interface RecordedEntry {
  readonly manifest: ReleaseManifest;
  readonly pkg: ReleasePackage;
  /** `contentDigest` of the package entry: what build jobs name. */
  readonly entryDigest: string;
  /** The manifest's directory relative to a worker's workspace, as the run recorded it. */
  readonly checkout: string;
  /** The git revision the run read the manifest at (absent outside git and in older runs). */
  readonly source?: RecordedSource;
}

const recordedSource = z.object({
  repository: z.string().min(1),
  commit: z.string().regex(/^[0-9a-f]{40,64}$/),
  dirty: z.boolean(),
});
/** The repository and commit a release run recorded for its checkout. */
export type RecordedSource = z.infer<typeof recordedSource>;

/** The digest a build job names for a manifest entry. */
export const entryDigestOf = (pkg: ReleasePackage): string => contentDigest(pkg);

/** A relative path staying inside the directory it is joined to. */
export const isInsidePath = (path: string): boolean =>
  path !== '' && !path.startsWith('/') && !path.split(/[\\/]/).includes('..');

const unrecorded = (message: string): WorkerError => new WorkerError(WorkerErrorCode.JobUnrecorded, message);

/** Names one release run: `<release>@<version>.run.<run>.started`. */
export interface RunRef {
  readonly release: string;
  readonly version: string;
  readonly run: number;
}

/** A release run's recorded manifest; `checkout` is absent in runs recorded before it existed. */
export interface RecordedRun {
  readonly manifest: ReleaseManifest;
  readonly checkout?: string;
  readonly source?: RecordedSource;
}

/**
 * The manifest release run `run` of `<release>@<version>` recorded, and its checkout path, read
 * from the ledger; only a run-start event recorded by shiplog's own release runner counts (not one
 * anyone could emit under that id). Throws `JOB_UNRECORDED` naming what is missing.
 */
export async function readRecordedRun(store: EventStore, ref: RunRef): Promise<RecordedRun> {
  const eventId = runStartedId(`${ref.release}@${ref.version}`, ref.run);
  const record = await readOwnEvent(store, eventId);
  const other = record === undefined ? await store.readEvent(eventId) : undefined;
  if (other !== undefined) {
    throw unrecorded(
      `${eventId} was not recorded by shiplog's release runner (a ${other.type} from producer '${other.producer}')`,
    );
  }
  if (record === undefined) throw unrecorded(`the ledger holds no release run ${eventId}`);
  if (record.type !== 'dev.cdevents.pipelinerun.started.0.3.0' || record.producer !== WORKERS_PRODUCER) {
    throw unrecorded(
      `${eventId} is a ${record.type} from producer '${record.producer}', not a release run start`,
    );
  }
  const data = storedCustomData(record) as
    { manifest?: unknown; checkout?: unknown; source?: unknown } | undefined;
  const parsed = releaseManifest.safeParse(data?.manifest);
  if (!parsed.success) throw unrecorded(`${eventId} holds no valid manifest`);
  const checkout = data?.checkout;
  if (
    checkout !== undefined &&
    (typeof checkout !== 'string' || !(checkout === '.' || isInsidePath(checkout)))
  )
    throw unrecorded(`${eventId} holds a checkout path a build cannot use`);
  const manifest = parsed.data;
  if (manifest.release !== ref.release || manifest.version !== ref.version)
    throw unrecorded(`${eventId} records ${manifest.release}@${manifest.version}`);
  const source = recordedSource.safeParse(data?.source);
  return {
    manifest,
    ...(checkout === undefined ? {} : { checkout }),
    ...(source.success ? { source: source.data } : {}),
  };
}

/** The package `ref.package` of the manifest a release run recorded (see `readRecordedRun`). */
export async function readRecordedEntry(
  store: EventStore,
  ref: RunRef & { readonly package: string },
): Promise<RecordedEntry> {
  const { manifest, checkout, source } = await readRecordedRun(store, ref);
  const eventId = runStartedId(`${ref.release}@${ref.version}`, ref.run);
  if (checkout === undefined)
    throw unrecorded(`${eventId} records no checkout path (a run of an older shiplog)`);
  const pkg = manifest.packages.find((p) => p.name === ref.package);
  if (pkg === undefined) throw unrecorded(`the manifest ${eventId} recorded has no package '${ref.package}'`);
  return {
    manifest,
    pkg,
    entryDigest: entryDigestOf(pkg),
    checkout,
    ...(source === undefined ? {} : { source }),
  };
}
