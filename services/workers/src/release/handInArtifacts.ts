import { packageVersion } from '@shiplog/release';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { buildJobId } from '../buildJobs.ts';
import { builtFromRecord } from '../builtFromRecord.ts';
import { WorkerError, WorkerErrorCode } from '../errors.ts';
import type { BuiltArtifact } from '../jobs.ts';
import { recordPackagedFile } from '../packagedEvent.ts';
import { readOwnEvent } from '../readOwnEvent.ts';
import { entryDigestOf } from '../recordedEntry.ts';
import { recordBuildFailure } from '../recordBuildFailure.ts';
import type { WorkerContext } from '../workerContext.ts';
import { checkHandedInArtifact } from './checkHandedInArtifact.ts';
import { sha256Digest as sha256Of } from '@shiplog/registries';

const SOURCE = '/shiplog/release/add-artifact';

/** A file a CI matrix job built: its name (the manifest matches on it) and bytes. */
export interface HandedInFile {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface HandInOptions {
  /** The store, recorder, artifact store and clock; `runner` is not used (see `runner`). */
  readonly ctx: WorkerContext;
  readonly manifest: ReleaseManifest;
  /** The release run the files are for: the latest run, or 1 when none has started yet. */
  readonly run: number;
  readonly files: readonly HandedInFile[];
  /** Who built the files: the matrix job's identity (e.g. `github-actions:<repo>/<run id>/<job>@<runner>`). */
  readonly runner: string;
  /** The platform label the job built for; refused when it is not the manifest entry's. */
  readonly platform?: string;
  /** Only files of this package. */
  readonly package?: string;
  /** Files no prebuilt output names are skipped (a directory handed in) instead of refused. */
  readonly skipUnknown?: boolean;
}

/** What became of one handed-in file. */
export interface HandedInResult {
  readonly package: string;
  readonly fileName: string;
  readonly digest: string;
  readonly status: 'recorded' | 'already-recorded';
  readonly artifact: BuiltArtifact;
}

export interface HandInReport {
  readonly files: readonly HandedInResult[];
  /** File names that matched no prebuilt output (only with `skipUnknown`). */
  readonly skipped: readonly string[];
}

interface Slot {
  readonly pkg: ReleasePackage;
  readonly index: number;
  readonly file: HandedInFile;
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function slotOf(options: HandInOptions, file: HandedInFile): Slot | undefined {
  const { manifest } = options;
  const owners = manifest.packages.filter(
    (p) =>
      (options.package === undefined || p.name === options.package) &&
      p.build.outputs.some((o) => baseName(o) === file.fileName),
  );
  const pkg = owners.find((p) => p.build.prebuilt === true);
  if (pkg === undefined) {
    if (owners[0] !== undefined) {
      throw new WorkerError(
        WorkerErrorCode.PackageNotPrebuilt,
        `${file.fileName} is an output of ${owners[0].name}, which shiplog's build workers build (the manifest does not mark it prebuilt); nothing was recorded`,
      );
    }
    if (options.skipUnknown === true) return undefined;
    const expected = manifest.packages
      .filter(
        (p) => p.build.prebuilt === true && (options.package === undefined || p.name === options.package),
      )
      .flatMap((p) => p.build.outputs.map(baseName));
    throw new WorkerError(
      WorkerErrorCode.ArtifactNotInManifest,
      `${file.fileName} is no prebuilt output of ${options.package ?? `${manifest.release}@${manifest.version}`} (expected one of: ${expected.join(', ') || 'none, the manifest marks no package prebuilt'}); nothing was recorded`,
    );
  }
  if (options.platform !== undefined && options.platform !== pkg.build.platform) {
    throw new WorkerError(
      WorkerErrorCode.PlatformMismatch,
      `${file.fileName} was built for ${options.platform}; the manifest builds ${pkg.name} for ${pkg.build.platform}; nothing was recorded`,
    );
  }
  const index = pkg.build.outputs.findIndex((o) => baseName(o) === file.fileName);
  return { pkg, index, file };
}

/** The file the ledger already holds in this slot: same bytes is fine, other bytes are refused. */
async function heldDigest(options: HandInOptions, slot: Slot): Promise<BuiltArtifact | undefined> {
  const jobId = buildJobId(options.manifest, slot.pkg.name);
  const record = await readOwnEvent(options.ctx.store, `${jobId}.packaged.${slot.index}`);
  const held = record === undefined ? undefined : builtFromRecord(record);
  if (held !== undefined && held.digest !== sha256Of(slot.file.bytes)) {
    throw new WorkerError(
      WorkerErrorCode.ArtifactAlreadyHandedIn,
      `the ledger already holds ${slot.file.fileName} of ${slot.pkg.name}@${options.manifest.version} as ${held.digest}; this file is ${sha256Of(slot.file.bytes)} (a version's files never change: build a new version); nothing was recorded`,
    );
  }
  return held;
}

/**
 * Hands in the files a CI matrix job built for the manifest's `prebuilt` packages: each is matched
 * to its package by file name, checked (platform label, `checkHandedInArtifact`, a file of other
 * bytes already held), and only when every file passes are they stored and recorded as
 * `artifact.packaged` (digest, sha512, the job's runner identity, `handedIn`) under the ids the
 * release runner waits for; it then has them SBOM'd, signed, gated and published as usual.
 */
export async function handInArtifacts(options: HandInOptions): Promise<HandInReport> {
  const slots: Slot[] = [];
  const skipped: string[] = [];
  for (const file of options.files) {
    const slot = slotOf(options, file);
    if (slot === undefined) skipped.push(file.fileName);
    else {
      checkHandedInArtifact({
        manifest: options.manifest,
        pkg: slot.pkg,
        version: packageVersion(options.manifest, slot.pkg),
        ...file,
      });
      slots.push(slot);
    }
  }
  if (slots.length === 0) {
    throw new WorkerError(
      WorkerErrorCode.ArtifactNotInManifest,
      `none of ${options.files.map((f) => f.fileName).join(', ') || '(no files)'} is a prebuilt output of ${options.manifest.release}@${options.manifest.version}; nothing was recorded`,
    );
  }
  const held = await Promise.all(slots.map((slot) => heldDigest(options, slot)));
  const now = options.ctx.now();
  const files: HandedInResult[] = [];
  for (const [i, slot] of slots.entries()) {
    const already = held[i];
    const artifact =
      already ??
      (await recordPackagedFile(options.ctx, {
        pkg: slot.pkg,
        release: options.manifest.release,
        version: options.manifest.version,
        packageVersion: packageVersion(options.manifest, slot.pkg),
        run: options.run,
        entryDigest: entryDigestOf(slot.pkg),
        jobId: buildJobId(options.manifest, slot.pkg.name),
        index: slot.index,
        fileName: slot.file.fileName,
        bytes: slot.file.bytes,
        stored: await options.ctx.artifacts.put(slot.file.bytes),
        runner: options.runner,
        startedOn: now,
        finishedOn: now,
        handedIn: { platform: slot.pkg.build.platform },
        source: SOURCE,
      }));
    files.push({
      package: slot.pkg.name,
      fileName: slot.file.fileName,
      digest: artifact.digest,
      status: already === undefined ? 'recorded' : 'already-recorded',
      artifact,
    });
  }
  return { files, skipped };
}

/**
 * A CI matrix job reporting that its build of a prebuilt package failed: recorded as the package's
 * failed build, which the release runner stops on at once instead of waiting out its timeout.
 */
export async function reportMatrixFailure(
  options: Pick<HandInOptions, 'ctx' | 'manifest' | 'runner'> & {
    readonly package: string;
    readonly message: string;
  },
): Promise<void> {
  const pkg = options.manifest.packages.find((p) => p.name === options.package);
  if (pkg?.build.prebuilt !== true) {
    throw new WorkerError(
      pkg === undefined ? WorkerErrorCode.ArtifactNotInManifest : WorkerErrorCode.PackageNotPrebuilt,
      `${options.package} is not a prebuilt package of ${options.manifest.release}@${options.manifest.version}; nothing was recorded`,
    );
  }
  await recordBuildFailure(options.ctx, {
    jobId: buildJobId(options.manifest, pkg.name),
    subjectId: `${options.manifest.release}/${options.manifest.version}/${pkg.name}`,
    timestamp: options.ctx.now(),
    code: WorkerErrorCode.MatrixBuildFailed,
    message: `the CI matrix job ${options.runner} reported: ${options.message}`,
    runner: options.runner,
    source: SOURCE,
  });
}
