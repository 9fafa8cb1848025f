import type { DeployAction } from './answers.ts';

/** One deployment-table row as DORA reads it (superseded rows already left out). */
export interface DoraDeployment {
  readonly service: string;
  readonly action: DeployAction;
  readonly artifactKey: string | null;
  readonly atMs: number;
  readonly position: number;
}

export interface DoraIncident {
  readonly incidentId: string;
  readonly service: string | null;
  readonly artifactKey: string | null;
  /** The first detected/reported time. */
  readonly detectedMs: number;
  /** The last resolved time, when resolved. */
  readonly resolvedMs: number | null;
}

/** A failed post-deploy check or rollout window of the environment (seed 001 stage 6). */
export interface DoraFailedCheck {
  readonly service: string;
  readonly artifactKey: string | null;
  readonly atMs: number;
}

export interface DoraChange {
  readonly changeId: string;
  /** `change.created` time, else `change.merged`; null when the ledger has neither. */
  readonly startMs: number | null;
}

export interface DoraInput {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Rows of the environment (and service) from `since` on, including rows after `until` (next deployments). */
  readonly deployments: readonly DoraDeployment[];
  /** Artifact keys deployed to the environment before `since`. */
  readonly deployedBefore: ReadonlySet<string>;
  readonly changesByArtifact: ReadonlyMap<string, readonly DoraChange[]>;
  /** Incidents of the environment detected from `since` on (attributed by service or artifact). */
  readonly incidents: readonly DoraIncident[];
  /** Restrict incidents to this service (by name, or by an artifact it ran). */
  readonly service?: string;
  /** Failed post-deploy checks and rollout windows from `since` on: each fails the deployment it checked. */
  readonly failedChecks?: readonly DoraFailedCheck[];
  /** What each service ran just before `since`: a later return to older bytes is a rollback. */
  readonly runningBefore?: ReadonlyMap<string, string | null>;
}

export interface DoraFigures {
  readonly deploymentFrequency: { readonly count: number; readonly perDay: number };
  readonly leadTimeForChanges: { readonly medianSeconds: number | null; readonly changes: number };
  readonly changeFailureRate: {
    readonly failed: number;
    readonly deployments: number;
    readonly ratio: number | null;
  };
  readonly timeToRestoreService: { readonly medianSeconds: number | null; readonly incidents: number };
  readonly failedDeploymentRecoveryTime: { readonly medianSeconds: number | null; readonly failures: number };
}

const DAY_MS = 86_400_000;
const isDeployment = (d: DoraDeployment): boolean => d.action === 'deployed' || d.action === 'upgraded';
const byTime = (a: DoraDeployment, b: DoraDeployment): number => a.atMs - b.atMs || a.position - b.position;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list === undefined) map.set(key, [item]);
    else list.push(item);
  }
  return map;
}

/** The median of samples in milliseconds, in seconds; null without samples. */
export function medianSeconds(samplesMs: readonly number[]): number | null {
  if (samplesMs.length === 0) return null;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const ms = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return ms / 1000;
}

/**
 * A deployment of bytes the service ran before, other than what it runs now, is a rollback
 * however it was reported (a redeploy of the old version).
 */
export function redeploysAsRollbacks(
  rows: readonly DoraDeployment[],
  deployedBefore: ReadonlySet<string>,
  runningBefore: ReadonlyMap<string, string | null> = new Map(),
): DoraDeployment[] {
  const running = new Map(runningBefore);
  const ran = new Set(deployedBefore);
  return [...rows].sort(byTime).map((d) => {
    const current = running.get(d.service) ?? null;
    running.set(d.service, d.action === 'removed' ? null : d.artifactKey);
    if (d.artifactKey === null) return d;
    const older = isDeployment(d) && d.artifactKey !== current && ran.has(d.artifactKey);
    ran.add(d.artifactKey);
    return older ? { ...d, action: 'rolledback' as const } : d;
  });
}

/**
 * The DORA figures of a window [since, until), from explicit links only: a change counts through
 * the artifact that names it; a deployment fails when, before the service's next deployment in
 * the environment, it is rolled back there (a redeploy of older bytes is a rollback), a
 * post-deploy check or rollout window of those bytes there fails, or an incident there names the
 * service or the artifact.
 */
export function doraMetrics(input: DoraInput): DoraFigures {
  const inWindow = (ms: number): boolean => ms >= input.sinceMs && ms < input.untilMs;
  const rows = redeploysAsRollbacks(input.deployments, input.deployedBefore, input.runningBefore);
  const windowDeployments = rows.filter((d) => isDeployment(d) && inWindow(d.atMs));

  // Lead time: each change counted once, at its artifact's first arrival in the environment.
  const reached = new Set(input.deployedBefore);
  const counted = new Set<string>();
  const leadMs: number[] = [];
  for (const d of windowDeployments) {
    if (d.artifactKey === null || reached.has(d.artifactKey)) continue;
    reached.add(d.artifactKey);
    for (const change of input.changesByArtifact.get(d.artifactKey) ?? []) {
      if (counted.has(change.changeId) || change.startMs === null) continue;
      counted.add(change.changeId);
      leadMs.push(d.atMs - change.startMs);
    }
  }

  // Failures and recoveries, each deployment looked at up to its service's next deployment.
  const byService = groupBy(rows, (d) => d.service);
  const incidentsByService = groupBy(input.incidents, (i) => i.service ?? '');
  const incidentsByArtifact = groupBy(input.incidents, (i) => i.artifactKey ?? '');
  const incidentBetween = (d: DoraDeployment, endMs: number): boolean =>
    [
      ...(incidentsByService.get(d.service) ?? []),
      ...(d.artifactKey === null ? [] : (incidentsByArtifact.get(d.artifactKey) ?? [])),
    ].some((i) => i.detectedMs >= d.atMs && i.detectedMs < endMs);
  const checksByService = groupBy(input.failedChecks ?? [], (c) => c.service);
  const checkFailedBetween = (d: DoraDeployment, endMs: number): boolean =>
    (checksByService.get(d.service) ?? []).some(
      (c) => c.artifactKey === d.artifactKey && c.atMs >= d.atMs && c.atMs < endMs,
    );
  let failed = 0;
  const recoveryMs: number[] = [];
  for (const list of byService.values()) {
    list.forEach((d, index) => {
      if (!isDeployment(d) || !inWindow(d.atMs)) return;
      let next: DoraDeployment | undefined;
      let rollback: DoraDeployment | undefined;
      for (let j = index + 1; j < list.length && next === undefined; j++) {
        const r = list[j] as DoraDeployment;
        if (isDeployment(r)) next = r;
        else if (r.action === 'rolledback') rollback ??= r;
      }
      const endMs = next?.atMs ?? Number.POSITIVE_INFINITY;
      if (rollback === undefined && !incidentBetween(d, endMs) && !checkFailedBetween(d, endMs)) return;
      failed += 1;
      const recovered = rollback ?? next;
      if (recovered !== undefined) recoveryMs.push(recovered.atMs - d.atMs);
    });
  }

  // Time to restore: incidents first detected in the window and resolved.
  const serviceKeys = new Set(rows.filter((d) => d.service === input.service).map((d) => d.artifactKey));
  const restoreMs = input.incidents
    .filter((i) => inWindow(i.detectedMs) && i.resolvedMs !== null)
    .filter(
      (i) =>
        input.service === undefined ||
        i.service === input.service ||
        (i.artifactKey !== null && serviceKeys.has(i.artifactKey)),
    )
    .map((i) => (i.resolvedMs as number) - i.detectedMs);

  const days = (input.untilMs - input.sinceMs) / DAY_MS;
  return {
    deploymentFrequency: {
      count: windowDeployments.length,
      perDay: days > 0 ? windowDeployments.length / days : 0,
    },
    leadTimeForChanges: { medianSeconds: medianSeconds(leadMs), changes: leadMs.length },
    changeFailureRate: {
      failed,
      deployments: windowDeployments.length,
      ratio: windowDeployments.length === 0 ? null : failed / windowDeployments.length,
    },
    timeToRestoreService: { medianSeconds: medianSeconds(restoreMs), incidents: restoreMs.length },
    failedDeploymentRecoveryTime: { medianSeconds: medianSeconds(recoveryMs), failures: recoveryMs.length },
  };
}
