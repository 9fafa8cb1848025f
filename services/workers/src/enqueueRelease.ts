import { dirname, resolve } from 'node:path';
import type { Bus } from '@shiplog/bus';
import type { ReleaseManifest } from '@shiplog/release';
import { planRelease } from '@shiplog/release';
import { enqueueJob } from './enqueueJob.ts';
import { WorkerQueue } from './jobs.ts';
import type { BuildJob } from './jobs.ts';

/** The build job id of one package: stable, so enqueuing a release twice stores each job once. */
export function buildJobId(manifest: ReleaseManifest, name: string): string {
  return `${manifest.release}@${manifest.version}.${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/**
 * Starts a release: one build job per package, in plan order, each on its recipe's platform. The
 * workers take it from there (SBOM and sign jobs follow every build).
 */
export async function enqueueRelease(
  bus: Bus,
  manifest: ReleaseManifest,
  manifestPath: string,
  requestedAt: Date,
): Promise<BuildJob[]> {
  const plan = planRelease(manifest);
  const jobs: BuildJob[] = [];
  for (const step of plan.builds) {
    const pkg = manifest.packages.find((p) => p.name === step.package);
    if (pkg === undefined) continue;
    const job: BuildJob = {
      jobId: buildJobId(manifest, pkg.name),
      release: manifest.release,
      version: manifest.version,
      requestedAt: requestedAt.toISOString(),
      manifestDir: dirname(resolve(manifestPath)),
      package: pkg,
    };
    await enqueueJob(bus, WorkerQueue.Build, job, pkg.build.platform);
    jobs.push(job);
  }
  return jobs;
}
