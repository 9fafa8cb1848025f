import type { DoraFigures } from './doraMetrics.ts';

/** The performance clusters of the DORA research. */
export type DoraTier = 'elite' | 'high' | 'medium' | 'low';

export interface DoraPerformance {
  /** The best cluster whose every threshold these figures meet; null without deployments. */
  readonly tier: DoraTier | null;
  /** Each metric's own best cluster (null when it has no samples in the window). */
  readonly byMetric: {
    readonly deploymentFrequency: DoraTier | null;
    readonly leadTimeForChanges: DoraTier | null;
    readonly changeFailureRate: DoraTier | null;
    readonly failedDeploymentRecoveryTime: DoraTier | null;
  };
  readonly reference: string;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * The clusters of the 2024 Accelerate State of DevOps report (DORA, Google Cloud), best first:
 * deployment frequency at least (elite: on demand, read as once a day or more; high: once a week;
 * medium: once a month), lead time at most (a day, a week, a month), change failure rate at most
 * (5%, 20%, 10%: as published, medium below high) and failed deployment recovery time at most (an
 * hour, a day, a day); low takes the rest (the report's low cluster: monthly to six-monthly
 * deployments, 40% failures, recovery within a month).
 */
const clusters: readonly {
  readonly tier: DoraTier;
  readonly perDay: number;
  readonly leadSeconds: number;
  readonly failureRatio: number;
  readonly recoverySeconds: number;
}[] = [
  { tier: 'elite', perDay: 1, leadSeconds: DAY, failureRatio: 0.05, recoverySeconds: HOUR },
  { tier: 'high', perDay: 1 / 7, leadSeconds: 7 * DAY, failureRatio: 0.2, recoverySeconds: DAY },
  { tier: 'medium', perDay: 1 / 30, leadSeconds: 30 * DAY, failureRatio: 0.1, recoverySeconds: DAY },
  {
    tier: 'low',
    perDay: 0,
    leadSeconds: Number.POSITIVE_INFINITY,
    failureRatio: 1,
    recoverySeconds: Number.POSITIVE_INFINITY,
  },
];

type Cluster = (typeof clusters)[number];
type Check = (c: Cluster) => boolean;

function best(check: Check | undefined): DoraTier | null {
  return check === undefined ? null : (clusters.find(check)?.tier ?? null);
}

/** Which DORA cluster a window's figures fall in, overall and metric by metric. */
export function doraPerformance(figures: DoraFigures): DoraPerformance {
  const lead = figures.leadTimeForChanges.medianSeconds;
  const ratio = figures.changeFailureRate.ratio;
  const recovery = figures.failedDeploymentRecoveryTime.medianSeconds;
  const checks = {
    deploymentFrequency: ((c) => figures.deploymentFrequency.perDay >= c.perDay) as Check,
    leadTimeForChanges: lead === null ? undefined : (((c) => lead <= c.leadSeconds) as Check),
    changeFailureRate: ratio === null ? undefined : (((c) => ratio <= c.failureRatio) as Check),
    failedDeploymentRecoveryTime:
      recovery === null ? undefined : (((c) => recovery <= c.recoverySeconds) as Check),
  };
  const all = Object.values(checks).filter((c): c is Check => c !== undefined);
  return {
    tier: figures.deploymentFrequency.count === 0 ? null : best((c) => all.every((check) => check(c))),
    byMetric: {
      deploymentFrequency: figures.deploymentFrequency.count === 0 ? null : best(checks.deploymentFrequency),
      leadTimeForChanges: best(checks.leadTimeForChanges),
      changeFailureRate: best(checks.changeFailureRate),
      failedDeploymentRecoveryTime: best(checks.failedDeploymentRecoveryTime),
    },
    reference: 'DORA Accelerate State of DevOps 2024',
  };
}
