import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { packageVersion, planRelease } from '@shiplog/release';
import { RegistryError } from '@shiplog/registries';
import { buildJobId } from '../buildJobs.ts';
import type { BuiltArtifact, PublishJob } from '../jobs.ts';
import type { PublishAccess } from '../publish/publishAccess.ts';
import { checkPublishFiles, handlePublishJob } from '../publish/publishWorker.ts';
import { registryPublisher } from '../publish/registryPublisher.ts';
import { defaultRetryPolicy, withRegistryRetries } from '../publish/withRegistryRetries.ts';
import type { WorkerContext } from '../workerContext.ts';
import { WorkerErrorCode } from '../errors.ts';
import { checkCredentials } from './checkCredentials.ts';
import { checkReleaseFiles } from './checkReleaseFiles.ts';
import { registryPacing } from './registryPacing.ts';
import type { PackageReport, ReleaseProgress, ReleaseReport } from './releaseReport.ts';

export interface PublishReleaseOptions {
  readonly manifest: ReleaseManifest;
  readonly ctx: WorkerContext;
  readonly access: PublishAccess;
  readonly artifacts: ReadonlyMap<string, readonly BuiltArtifact[]>;
  readonly dryRun: boolean;
  readonly stagingTag: string;
  readonly requestedAt: Date;
  /** `<release>@<version>.run.<n>`: what this run's refusals are recorded under. */
  readonly runId: string;
  /** Packages of one wave published at once. */
  readonly concurrency: number;
  readonly onProgress: (progress: ReleaseProgress) => void;
  /** Aborted (Ctrl-C, SIGTERM): uploads under way finish, no other starts. */
  readonly signal?: AbortSignal;
}

export interface PublishReleaseResult {
  readonly packages: PackageReport[];
  readonly latest: ReleaseReport['latest'];
  readonly error?: { readonly code: string; readonly message: string };
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await each(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function moveLatest(options: PublishReleaseOptions, npm: readonly ReleasePackage[]): Promise<string[]> {
  const moved: string[] = [];
  for (const pkg of npm) {
    const publisher = registryPublisher(pkg, {
      version: packageVersion(options.manifest, pkg),
      credential: await options.access.credential(pkg),
      stagingTag: options.stagingTag,
      ...(options.access.fetch === undefined ? {} : { fetch: options.access.fetch }),
    });
    const retry = options.access.retry ?? { ...defaultRetryPolicy, now: options.ctx.now };
    await withRegistryRetries(
      () => publisher.promote?.() ?? Promise.resolve(),
      retry,
      () => undefined,
    );
    moved.push(pkg.name);
    options.onProgress({
      phase: 'latest',
      package: pkg.name,
      message: `latest → ${packageVersion(options.manifest, pkg)}`,
    });
  }
  return moved;
}

/**
 * The publish phase: wave after wave of the plan (a package only after everything it depends on is
 * out), packages of a wave side by side; a failed package stops the waves after it. `latest` moves
 * for the npm packages only when every package of the release is out.
 */
export async function publishRelease(given: PublishReleaseOptions): Promise<PublishReleaseResult> {
  // One credential per package for the whole phase: a trusted-publishing token is minted once.
  const minted = new Map<string, Promise<string>>();
  const credential = (pkg: ReleasePackage): Promise<string> => {
    let found = minted.get(pkg.name);
    if (found === undefined) minted.set(pkg.name, (found = given.access.credential(pkg)));
    return found;
  };
  const options = { ...given, access: { ...given.access, credential } };
  const { manifest, onProgress } = options;
  const plan = planRelease(manifest);
  const reports = new Map<string, PackageReport>(
    plan.publishes.map((s) => [
      s.package,
      {
        name: s.package,
        ecosystem: s.ecosystem,
        registry: s.registry,
        wave: s.wave,
        status: 'not-attempted',
        files: [],
        waits: [],
      },
    ]),
  );
  const packages = (): PackageReport[] => plan.publishes.map((s) => reports.get(s.package) as PackageReport);
  const noCredentials = await checkCredentials(manifest, options.access);
  if (noCredentials !== undefined) {
    onProgress({ phase: 'publish', message: `FAILED ${noCredentials.code}: ${noCredentials.message}` });
    return { packages: packages(), latest: { moved: false, packages: [] }, error: noCredentials };
  }
  const jobOf = (pkg: ReleasePackage): PublishJob => ({
    jobId: buildJobId(manifest, pkg.name),
    release: manifest.release,
    version: manifest.version,
    requestedAt: options.requestedAt.toISOString(),
    package: pkg,
    artifacts: [...(options.artifacts.get(pkg.name) ?? [])],
    stagingTag: options.stagingTag,
    dryRun: options.dryRun,
  });
  // Lockstep: bytes that are not the ones the ledger recorded stop the release before any upload.
  for (const pkg of manifest.packages) {
    const refused = await checkPublishFiles(jobOf(pkg), options.ctx);
    if (refused === undefined) continue;
    const report = reports.get(pkg.name) as PackageReport;
    reports.set(pkg.name, { ...report, status: 'failed', error: refused });
    onProgress({
      phase: 'publish',
      package: pkg.name,
      message: `FAILED ${refused.code}: ${refused.message}`,
    });
    const error = { code: refused.code, message: `${pkg.name}: ${refused.message}` };
    return { packages: packages(), latest: { moved: false, packages: [] }, error };
  }
  // And the files must be what the manifest releases: name, version, publishable, read from inside them.
  const mismatch = await checkReleaseFiles(manifest, options.artifacts, options.ctx, options.runId);
  if (mismatch !== undefined) {
    for (const [name, error] of mismatch.packages) {
      reports.set(name, { ...(reports.get(name) as PackageReport), status: 'failed', error });
      onProgress({ phase: 'publish', package: name, message: `FAILED ${error.code}: ${error.message}` });
    }
    const error = { code: mismatch.code, message: mismatch.message };
    return { packages: packages(), latest: { moved: false, packages: [] }, error };
  }
  const paced = registryPacing((pkg, seconds) =>
    onProgress({
      phase: 'publish',
      package: pkg.name,
      message: `pacing: ${seconds}s before the next upload to ${pkg.registry.url}`,
    }),
  );
  const waves = [...new Set(plan.publishes.map((s) => s.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    const steps = plan.publishes.filter((s) => s.wave === wave);
    await inParallel(steps, options.concurrency, async (step) => {
      const pkg = manifest.packages.find((p) => p.name === step.package) as ReleasePackage;
      if (options.signal?.aborted === true) return;
      const job = jobOf(pkg);
      onProgress({ phase: 'publish', package: pkg.name, message: `wave ${wave}: to ${pkg.registry.url}` });
      const publish = () => handlePublishJob(job, options.ctx, options.access);
      const { package: _name, ...outcome } = await (options.dryRun ? publish() : paced(pkg, publish));
      reports.set(pkg.name, { ...(reports.get(pkg.name) as PackageReport), ...outcome });
      const detail = outcome.error === undefined ? '' : ` ${outcome.error.code}: ${outcome.error.message}`;
      onProgress({ phase: 'publish', package: pkg.name, message: `${outcome.status}${detail}` });
    });
    if (options.signal?.aborted === true) {
      const message = `stopped (${String(options.signal.reason)}) during wave ${wave}; resume uploads the rest`;
      const error = { code: WorkerErrorCode.ReleaseInterrupted, message };
      return { packages: packages(), latest: { moved: false, packages: [] }, error };
    }
    const failed = steps.map((s) => reports.get(s.package)).find((r) => r?.status === 'failed');
    if (failed?.error !== undefined) {
      return {
        packages: packages(),
        latest: { moved: false, packages: [] },
        error: { code: failed.error.code, message: `${failed.name}: ${failed.error.message}` },
      };
    }
  }
  if (options.dryRun) return { packages: packages(), latest: { moved: false, packages: [] } };
  const npm = manifest.packages.filter((p) => p.ecosystem === 'npm');
  try {
    return { packages: packages(), latest: { moved: true, packages: await moveLatest(options, npm) } };
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    return {
      packages: packages(),
      latest: { moved: false, packages: [] },
      error: { code: err.code, message: `moving latest: ${err.message}` },
    };
  }
}
