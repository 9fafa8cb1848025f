import { contentDigest } from '@shiplog/ledger';
import { releaseManifest } from '@shiplog/release';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import type { EventStore } from '@shiplog/store';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import { WORKERS_PRODUCER } from './recordOutcome.ts';
import { runStartedId } from './release/releaseId.ts';

/** A package of a manifest a release run recorded, and where its checkout is (relative). */
export interface RecordedEntry {
  readonly manifest: ReleaseManifest;
  readonly pkg: ReleasePackage;
  /** `contentDigest` of the package entry: what build jobs name. */
  readonly entryDigest: string;
  /** The manifest's directory relative to a worker's workspace, as the run recorded it. */
  readonly checkout: string;
}

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

/**
 * The manifest release run `run` of `<release>@<version>` recorded, and its checkout path, read
 * from the ledger; only a run-start event recorded by shiplog's own release runner counts (not one
 * anyone could emit under that id). Throws `JOB_UNRECORDED` naming what is missing.
 */
export async function readRecordedRun(
  store: EventStore,
  ref: RunRef,
): Promise<Pick<RecordedEntry, 'manifest' | 'checkout'>> {
  const eventId = runStartedId(`${ref.release}@${ref.version}`, ref.run);
  const record = await store.readEvent(eventId);
  if (record === undefined) throw unrecorded(`the ledger holds no release run ${eventId}`);
  if (record.type !== 'dev.cdevents.pipelinerun.started.0.3.0' || record.producer !== WORKERS_PRODUCER) {
    throw unrecorded(
      `${eventId} was not recorded by shiplog's release runner (a ${record.type} from producer '${record.producer}')`,
    );
  }
  const data = (JSON.parse(record.data) as { customData?: { manifest?: unknown; checkout?: unknown } })
    .customData;
  const parsed = releaseManifest.safeParse(data?.manifest);
  const checkout = data?.checkout;
  if (!parsed.success || typeof checkout !== 'string' || !(checkout === '.' || isInsidePath(checkout))) {
    throw unrecorded(`${eventId} holds no manifest and checkout path a build can use`);
  }
  const manifest = parsed.data;
  if (manifest.release !== ref.release || manifest.version !== ref.version)
    throw unrecorded(`${eventId} records ${manifest.release}@${manifest.version}`);
  return { manifest, checkout };
}

/** The package `ref.package` of the manifest a release run recorded (see `readRecordedRun`). */
export async function readRecordedEntry(
  store: EventStore,
  ref: RunRef & { readonly package: string },
): Promise<RecordedEntry> {
  const { manifest, checkout } = await readRecordedRun(store, ref);
  const eventId = runStartedId(`${ref.release}@${ref.version}`, ref.run);
  const pkg = manifest.packages.find((p) => p.name === ref.package);
  if (pkg === undefined) throw unrecorded(`the manifest ${eventId} recorded has no package '${ref.package}'`);
  return { manifest, pkg, entryDigest: entryDigestOf(pkg), checkout };
}
