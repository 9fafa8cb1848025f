import type { PackageReport, ReleaseStatus } from './releaseReport.ts';

function statusOf(dryRun: boolean, packages: readonly PackageReport[]): ReleaseStatus {
  if (packages.every((p) => p.status === 'published' || p.status === 'already-published')) return 'published';
  if (dryRun && packages.every((p) => p.status !== 'failed')) return 'dry-run';
  return packages.some((p) => p.files.some((f) => f.eventId !== undefined)) ? 'partial' : 'failed';
}

/** How a run ended, from what stopped it (a gate that denied, an error) and its packages. */
export function overallStatus(
  denied: boolean,
  failed: boolean,
  dryRun: boolean,
  packages: readonly PackageReport[],
): ReleaseStatus {
  if (denied) return 'denied';
  const status = statusOf(dryRun, packages);
  // Every package out but `latest` not moved (or a phase failed after them) is not a finished release;
  // a dry run that stopped (a build failed, credentials missing) found something wrong.
  if (failed && status === 'published') return 'partial';
  return failed && status === 'dry-run' ? 'failed' : status;
}
