import { fileURLToPath } from 'node:url';
import { planRelease } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import { isEventType } from '@shiplog/events';
import { readFact, releaseIds, storedCustomData, storedEvent } from '@shiplog/ledger';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { builtFromRecord } from '../builtFromRecord.ts';
import { buildJobId } from '../buildJobs.ts';
import { publishedEventId } from '../publish/publishWorker.ts';
import type { PublishedFile } from '../publish/publishOutcome.ts';
import { WorkerError, WorkerErrorCode } from '../errors.ts';
import { readRecordedRun } from '../recordedEntry.ts';
import { parseReleaseId, runFinishedId, runStartedId } from './releaseId.ts';
import type { PackageReport, ReleaseReport, ReleaseStatus } from './releaseReport.ts';
import { readOwnEvent } from '../readOwnEvent.ts';

/** One run of a release, as the ledger holds it. */
export interface ReleaseRun {
  readonly run: number;
  readonly startedAt: string;
  readonly dryRun: boolean;
  /** Absent while running, or when the run's process died before its summary. */
  readonly finishedAt?: string;
  readonly status: ReleaseStatus | 'unfinished';
}

/** What `shiplog release status` prints: the ledger's view of a release. */
export interface ReleaseStatusReport {
  readonly id: string;
  readonly release: string;
  readonly version: string;
  /** The last finished real (not dry) run's status, or `unfinished`. */
  readonly status: ReleaseStatus | 'unfinished';
  readonly runs: readonly ReleaseRun[];
  /**
   * Each package in publish order, as the run reports have it: `published` once the ledger holds a
   * receipt for every file; otherwise what the last run said (`failed` with its error), else
   * `not-attempted`.
   */
  readonly packages: readonly PackageReport[];
  readonly artifacts: readonly {
    readonly package: string;
    readonly fileName: string;
    readonly digest: string;
    /** The package URL the build recorded (OCI: the manifest digest as version, see packagePurl). */
    readonly purl: string;
  }[];
  /** The last run's summary, as it recorded it. */
  readonly lastSummary?: ReleaseReport;
}

// What a run's start and summary events carry besides their meaning (shiplog's workers wrote them).
type Started = { readonly manifest: unknown; readonly dryRun?: boolean } | undefined;
type Finished = { readonly summary?: ReleaseReport } | undefined;

// The manifest file a run start names (`pipelinerun.started`'s `uri`).
function manifestUriOf(record: RecordedEvent): string | undefined {
  const event = storedEvent(record);
  return event !== undefined && isEventType(event, 'dev.cdevents.pipelinerun.started.0.3.0')
    ? event.subject.content.uri
    : undefined;
}

/**
 * How many run ids of release `id` the ledger holds, whoever recorded them (the next run is one
 * more: an id someone else took is not the runner's to record under).
 */
export async function runCount(store: EventStore, id: string): Promise<number> {
  let runs = 0;
  while ((await store.readEvent(runStartedId(id, runs + 1))) !== undefined) runs++;
  return runs;
}

/**
 * The manifest a release's latest run recorded, and where it was; undefined when the ledger has no
 * run of `id`. The latest, not the first: a resume goes where the last run was pointed. Only runs
 * shiplog's release runner recorded count: a run start someone else recorded under a run's id is
 * passed over, so `resume` never takes (and records as its own) a manifest it did not write.
 */
export async function recordedManifest(
  store: EventStore,
  id: string,
): Promise<{ readonly manifest: ReleaseManifest; readonly manifestPath: string } | undefined> {
  const ref = parseReleaseId(id);
  if (ref === undefined) return undefined;
  for (let run = await runCount(store, id); run > 0; run--) {
    let recorded;
    try {
      recorded = await readRecordedRun(store, { ...ref, run });
    } catch (err) {
      if (err instanceof WorkerError && err.code === WorkerErrorCode.JobUnrecorded) continue;
      throw err;
    }
    const record = await readOwnEvent(store, runStartedId(id, run));
    const uri = record === undefined ? undefined : manifestUriOf(record);
    if (uri === undefined) continue;
    return { manifest: recorded.manifest, manifestPath: fileURLToPath(uri) };
  }
  return undefined;
}

/** A release's runs, receipts and built files, read from the ledger (nothing is recorded). */
export async function readReleaseStatus(
  store: EventStore,
  id: string,
): Promise<ReleaseStatusReport | undefined> {
  const manifest = (await recordedManifest(store, id))?.manifest;
  if (manifest === undefined) return undefined;
  const runs: ReleaseRun[] = [];
  let lastSummary: ReleaseReport | undefined;
  const count = await runCount(store, id);
  for (let run = 1; run <= count; run++) {
    const started = await readOwnEvent(store, runStartedId(id, run));
    if (started === undefined) continue; // a run id someone else recorded under: not a run
    const startedAt = storedEvent(started)?.context.timestamp ?? started.recordedAt;
    const dryRun = (storedCustomData(started) as Started)?.dryRun === true;
    const finished = await readOwnEvent(store, runFinishedId(id, run));
    const summary = finished === undefined ? undefined : (storedCustomData(finished) as Finished)?.summary;
    if (summary !== undefined) lastSummary = summary;
    const finishedAt = finished === undefined ? undefined : storedEvent(finished)?.context.timestamp;
    runs.push({
      run,
      startedAt,
      dryRun,
      ...(finishedAt === undefined ? {} : { finishedAt }),
      status: summary?.status ?? 'unfinished',
    });
  }
  const real = runs.filter((r) => !r.dryRun);
  const packages: PackageReport[] = [];
  const artifacts = [];
  for (const step of planRelease(manifest).publishes) {
    const pkg = manifest.packages.find((p) => p.name === step.package);
    if (pkg === undefined) continue;
    const jobId = buildJobId(manifest, pkg.name);
    const files: PublishedFile[] = [];
    for (let i = 0; i < pkg.build.outputs.length; i++) {
      const packaged = await readOwnEvent(store, releaseIds.packaged(jobId, i));
      const built = packaged === undefined ? undefined : builtFromRecord(packaged);
      if (built === undefined) continue;
      artifacts.push({ package: pkg.name, fileName: built.fileName, digest: built.digest, purl: built.purl });
      const receipt = await readOwnEvent(store, publishedEventId(jobId, i));
      if (receipt === undefined) continue;
      const fact = readFact(receipt)?.fact;
      files.push({
        fileName: built.fileName,
        digest: built.digest,
        alreadyPublished: fact?.kind === 'release' && fact.alreadyPublished === true,
        eventId: receipt.id,
      });
    }
    const last = lastSummary?.packages.find((p) => p.name === pkg.name);
    const complete = files.length === pkg.build.outputs.length;
    packages.push({
      name: pkg.name,
      ecosystem: pkg.ecosystem,
      registry: pkg.registry.url,
      wave: step.wave,
      status: complete ? 'published' : last?.status === 'failed' ? 'failed' : 'not-attempted',
      files,
      waits: [],
      ...(!complete && last?.error !== undefined ? { error: last.error } : {}),
    });
  }
  return {
    id,
    release: manifest.release,
    version: manifest.version,
    status: real.at(-1)?.status ?? runs.at(-1)?.status ?? 'unfinished',
    runs,
    packages,
    artifacts,
    ...(lastSummary === undefined ? {} : { lastSummary }),
  };
}
