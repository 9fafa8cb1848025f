import { releaseIds, storedCustomData } from '@shiplog/ledger';
import { createShiplogEvent, packagePublishedType, policyViolatedType } from '@shiplog/events';
import { packageVersion } from '@shiplog/release';
import type { PublishReceipt } from '@shiplog/registries';
import { RegistryError } from '@shiplog/registries';
import { builtFromRecord } from '../builtFromRecord.ts';
import { WorkerError, WorkerErrorCode } from '../errors.ts';
import type { BuiltArtifact, PublishJob } from '../jobs.ts';
import { recordOutcome } from '../recordOutcome.ts';
import type { WorkerContext } from '../workerContext.ts';
import type { PublishAccess } from './publishAccess.ts';
import type { PublishedFile, PublishOutcome } from './publishOutcome.ts';
import { attachmentsOf } from './publishAttachments.ts';
import { registryPublisher } from './registryPublisher.ts';
import type { PackagePublisher, PublishFile } from './registryPublisher.ts';
import { defaultRetryPolicy, withRegistryRetries } from './withRegistryRetries.ts';
import type { RegistryWait } from './withRegistryRetries.ts';
import { readOwnEvent } from '../readOwnEvent.ts';

const SOURCE = '/shiplog/workers/publish';

/** The receipt event id of a job's file: stable, so a resumed release finds what is done. */
export const publishedEventId = releaseIds.published;

class PublishFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** A file an earlier run published: nothing to upload, so, for this run, already published. */
async function earlierReceipt(
  ctx: WorkerContext,
  eventId: string,
  artifact: BuiltArtifact,
): Promise<PublishedFile | undefined> {
  const record = await readOwnEvent(ctx.store, eventId);
  if (record === undefined) return undefined;
  return {
    fileName: artifact.fileName,
    digest: artifact.digest,
    alreadyPublished: true,
    eventId,
    earlier: true,
  };
}

/** The file's bytes, only if they are the bytes the ledger recorded as built; else a recorded violation. */
async function verifiedFile(
  job: PublishJob,
  ctx: WorkerContext,
  artifact: BuiltArtifact,
  index: number,
): Promise<PublishFile> {
  const record = await readOwnEvent(ctx.store, artifact.packagedEventId);
  const built = record === undefined ? undefined : builtFromRecord(record);
  let problem: string | undefined;
  let bytes: Uint8Array | undefined;
  if (built === undefined || built.digest !== artifact.digest) {
    problem = `the ledger records ${artifact.packagedEventId} as ${built?.digest ?? 'nothing'}, the job names ${artifact.digest}`;
  } else {
    try {
      bytes = await ctx.artifacts.get(artifact.digest);
    } catch (err) {
      if (!(err instanceof WorkerError) || err.code !== WorkerErrorCode.DigestMismatch) throw err;
      problem = err.message;
    }
  }
  if (bytes === undefined || record === undefined) {
    const message = `${artifact.fileName}: ${problem ?? 'unreadable'}; nothing uploaded`;
    await recordOutcome(
      ctx,
      createShiplogEvent(policyViolatedType, {
        id: releaseIds.digestMismatch(job.jobId, index),
        source: SOURCE,
        timestamp: ctx.now(),
        subjectId: artifact.purl,
        content: {
          rule: { code: WorkerErrorCode.DigestMismatch, message },
          severity: 'critical',
          offendingEventId: artifact.packagedEventId,
          artifact: { digest: artifact.digest, purl: artifact.purl },
        },
      }),
    );
    throw new PublishFailure(WorkerErrorCode.DigestMismatch, message);
  }
  return {
    bytes,
    fileName: artifact.fileName,
    digest: artifact.digest,
    builtAt: ociCreated(record) ?? record.recordedAt,
  };
}

/** The OCI config `created` the build recorded with the manifest digest it named (newer builds). */
function ociCreated(record: { readonly data: string }): string | undefined {
  const data = storedCustomData(record) as { oci?: { created?: unknown } } | undefined;
  const created = data?.oci?.created;
  return typeof created === 'string' ? created : undefined;
}

async function recordReceipt(
  job: PublishJob,
  ctx: WorkerContext,
  artifact: BuiltArtifact,
  eventId: string,
  receipt: PublishReceipt,
  waits: readonly RegistryWait[],
): Promise<PublishedFile> {
  const details = { ...receipt.details, fileName: artifact.fileName, ...(waits.length > 0 ? { waits } : {}) };
  await recordOutcome(
    ctx,
    createShiplogEvent(packagePublishedType, {
      id: eventId,
      source: SOURCE,
      timestamp: ctx.now(),
      subjectId: artifact.purl,
      content: {
        ecosystem: job.package.ecosystem,
        registry: job.package.registry.url,
        package: { name: job.package.name, version: packageVersion(job, job.package) },
        artifact: { digest: artifact.digest, purl: artifact.purl },
        alreadyPublished: receipt.alreadyPublished,
        receipt: details,
      },
      customData: { release: job.release, job: job.jobId },
    }),
  );
  return {
    fileName: artifact.fileName,
    digest: artifact.digest,
    alreadyPublished: receipt.alreadyPublished,
    eventId,
  };
}

async function publishFile(
  job: PublishJob,
  ctx: WorkerContext,
  publisher: () => Promise<PackagePublisher>,
  access: PublishAccess,
  index: number,
  waits: RegistryWait[],
): Promise<PublishedFile> {
  const artifact = job.artifacts[index] as BuiltArtifact;
  const eventId = publishedEventId(job.jobId, index);
  const earlier = await earlierReceipt(ctx, eventId, artifact);
  if (earlier !== undefined) return earlier;
  const file = await verifiedFile(job, ctx, artifact, index);
  const registry = await publisher();
  const retry = access.retry ?? { ...defaultRetryPolicy, now: ctx.now };
  const onWait = (wait: RegistryWait): void => {
    waits.push(wait);
    ctx.logger.warn({ package: job.package.name, ...wait }, 'registry rate limit waited out');
  };
  if (job.dryRun) {
    const holding = await withRegistryRetries(() => registry.holding(file), retry, onWait);
    if (holding === 'other') {
      throw new PublishFailure(
        'VERSION_EXISTS_OTHER_BYTES',
        `${job.package.name}@${packageVersion(job, job.package)} ${file.fileName} is in the registry with other bytes`,
      );
    }
    return { fileName: file.fileName, digest: file.digest, alreadyPublished: holding === 'same' };
  }
  const published = await withRegistryRetries(() => registry.publish(file), retry, onWait);
  let receipt = published;
  if (registry.attach !== undefined) {
    const attachments = await attachmentsOf(job, ctx, index);
    const attach = registry.attach.bind(registry);
    const referrers = await withRegistryRetries(() => attach(published, attachments), retry, onWait);
    receipt = { ...published, details: { ...published.details, referrers } };
  }
  return recordReceipt(job, ctx, artifact, eventId, receipt, waits);
}

/**
 * Checks, before anything goes out, that every file of the job is in the artifact store with the
 * bytes the ledger recorded; the first that is not is refused (a violation recorded) with its code.
 */
export async function checkPublishFiles(
  job: PublishJob,
  ctx: WorkerContext,
): Promise<{ readonly code: string; readonly message: string } | undefined> {
  for (let index = 0; index < job.artifacts.length; index++) {
    const artifact = job.artifacts[index] as BuiltArtifact;
    if ((await readOwnEvent(ctx.store, publishedEventId(job.jobId, index))) !== undefined) continue;
    try {
      await verifiedFile(job, ctx, artifact, index);
    } catch (err) {
      if (!(err instanceof PublishFailure || err instanceof WorkerError)) throw err;
      return { code: err.code, message: err.message };
    }
  }
  return undefined;
}

function statusOf(job: PublishJob, files: readonly PublishedFile[]): PublishOutcome['status'] {
  if (job.dryRun) return files.every((f) => f.alreadyPublished) ? 'already-published' : 'would-publish';
  return files.every((f) => f.alreadyPublished) ? 'already-published' : 'published';
}

/**
 * Publishes one package's files, in order, to its registry: each file's bytes must hash to the
 * digest the ledger recorded at build (else `DIGEST_MISMATCH`, a violation recorded and nothing
 * uploaded); a version already there with the same bytes is success, with other bytes a failure;
 * 429s are waited out and recorded in the receipt, outages retried with backoff. Every upload is
 * recorded as `package.published`, so a resumed release skips what is done.
 */
export async function handlePublishJob(
  job: PublishJob,
  ctx: WorkerContext,
  access: PublishAccess,
): Promise<PublishOutcome> {
  const files: PublishedFile[] = [];
  const waits: RegistryWait[] = [];
  let made: PackagePublisher | undefined;
  const publisher = async (): Promise<PackagePublisher> =>
    (made ??= registryPublisher(job.package, {
      version: packageVersion(job, job.package),
      credential: await access.credential(job.package),
      stagingTag: job.stagingTag,
      ...(access.fetch === undefined ? {} : { fetch: access.fetch }),
    }));
  try {
    for (let index = 0; index < job.artifacts.length; index++) {
      files.push(await publishFile(job, ctx, publisher, access, index, waits));
    }
  } catch (err) {
    if (!(err instanceof PublishFailure || err instanceof RegistryError || err instanceof WorkerError))
      throw err;
    ctx.logger.error({ package: job.package.name, code: err.code }, 'publish failed');
    return {
      package: job.package.name,
      status: 'failed',
      files,
      waits,
      error: { code: err.code, message: err.message },
    };
  }
  return { package: job.package.name, status: statusOf(job, files), files, waits };
}
