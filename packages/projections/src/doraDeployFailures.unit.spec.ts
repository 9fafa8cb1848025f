import { describe, expect, it } from 'vitest';
import { doraMetrics } from './doraMetrics.ts';
import type { DoraDeployment, DoraInput } from './doraMetrics.ts';
import { doraPerformance } from './doraTier.ts';
import { doraTrend, weekStartMs } from './doraTrend.ts';

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.parse('2026-01-05T00:00:00Z');
let position = 0;
const deploy = (
  atMs: number,
  artifactKey: string,
  action: DoraDeployment['action'] = 'deployed',
): DoraDeployment => ({ service: 'app', action, artifactKey, atMs, position: ++position });
const input = (over: Partial<DoraInput>): DoraInput => ({
  sinceMs: MONDAY,
  untilMs: MONDAY + 14 * DAY,
  deployments: [],
  deployedBefore: new Set(),
  changesByArtifact: new Map(),
  incidents: [],
  ...over,
});

describe('change failures from post-deploy checks and rollbacks (issue #19)', () => {
  it('counts a deployment whose post-deploy check failed as a change failure', () => {
    const deployments = [deploy(MONDAY + DAY, 'v2'), deploy(MONDAY + 2 * DAY, 'v3')];
    const failedChecks = [{ service: 'app', artifactKey: 'v2', atMs: MONDAY + DAY + H }];
    expect(doraMetrics(input({ deployments, failedChecks })).changeFailureRate).toEqual({
      failed: 1,
      deployments: 2,
      ratio: 0.5,
    });
    expect(doraMetrics(input({ deployments })).changeFailureRate.failed).toBe(0);
  });

  it('does not blame a deployment for a failed check of other bytes', () => {
    const deployments = [deploy(MONDAY + DAY, 'v2')];
    const failedChecks = [{ service: 'app', artifactKey: 'v1', atMs: MONDAY + DAY + H }];
    expect(doraMetrics(input({ deployments, failedChecks })).changeFailureRate.failed).toBe(0);
  });

  it('reads a redeploy of the old version as a rollback: not a deployment, and the one it undid failed', () => {
    const deployments = [deploy(MONDAY + DAY, 'v2'), deploy(MONDAY + DAY + 2 * H, 'v1')];
    const figures = doraMetrics(
      input({ deployments, deployedBefore: new Set(['v1']), runningBefore: new Map([['app', 'v1']]) }),
    );
    expect(figures.deploymentFrequency.count).toBe(1);
    expect(figures.changeFailureRate).toEqual({ failed: 1, deployments: 1, ratio: 1 });
    expect(figures.failedDeploymentRecoveryTime).toEqual({ medianSeconds: 7200, failures: 1 });
  });

  it('does not read a restart of the running bytes as a rollback', () => {
    const deployments = [deploy(MONDAY + DAY, 'v1', 'upgraded')];
    const figures = doraMetrics(
      input({ deployments, deployedBefore: new Set(['v1']), runningBefore: new Map([['app', 'v1']]) }),
    );
    expect(figures.deploymentFrequency.count).toBe(1);
    expect(figures.changeFailureRate.failed).toBe(0);
  });
});

describe('DORA performance tier (2024 clusters)', () => {
  const figures = (perDay: number, lead: number | null, ratio: number | null, recovery: number | null) => ({
    deploymentFrequency: { count: 10, perDay },
    leadTimeForChanges: { medianSeconds: lead, changes: 1 },
    changeFailureRate: { failed: 0, deployments: 10, ratio },
    timeToRestoreService: { medianSeconds: null, incidents: 0 },
    failedDeploymentRecoveryTime: { medianSeconds: recovery, failures: 0 },
  });

  it('is elite only when every figure is', () => {
    expect(doraPerformance(figures(3, 3600, 0.04, 1800)).tier).toBe('elite');
    expect(doraPerformance(figures(3, 3600, 0.06, 1800)).tier).toBe('high');
  });

  it('is the best cluster whose every threshold is met, metric by metric too', () => {
    const p = doraPerformance(figures(0.5, 3 * 86_400, 0.15, 7200));
    expect(p.tier).toBe('high');
    expect(p.byMetric).toEqual({
      deploymentFrequency: 'high',
      leadTimeForChanges: 'high',
      changeFailureRate: 'high',
      failedDeploymentRecoveryTime: 'high',
    });
    // Weekly-to-monthly deploys with 15% failures miss medium's 10%: low.
    expect(doraPerformance(figures(0.05, 3 * 86_400, 0.15, 7200)).tier).toBe('low');
    expect(doraPerformance(figures(0.05, 3 * 86_400, 0.08, 7200)).tier).toBe('medium');
  });

  it('has no tier without deployments, and leaves out a metric without samples', () => {
    expect(
      doraPerformance({ ...figures(0, null, null, null), deploymentFrequency: { count: 0, perDay: 0 } }).tier,
    ).toBeNull();
    expect(doraPerformance(figures(2, null, 0, null)).tier).toBe('elite');
  });
});

describe('weekly trend', () => {
  it('starts weeks on Monday 00:00 UTC', () => {
    expect(new Date(weekStartMs(Date.parse('2026-01-08T13:00:00Z'))).toISOString()).toBe(
      '2026-01-05T00:00:00.000Z',
    );
    expect(weekStartMs(MONDAY)).toBe(MONDAY);
    expect(new Date(weekStartMs(Date.parse('1969-12-31T00:00:00Z'))).toISOString()).toBe(
      '1969-12-29T00:00:00.000Z',
    );
  });

  it('gives each week its own figures, cut to the window', () => {
    const deployments = [
      deploy(MONDAY + DAY, 'v2'),
      deploy(MONDAY + 2 * DAY, 'v3'),
      deploy(MONDAY + 8 * DAY, 'v4'),
    ];
    const failedChecks = [{ service: 'app', artifactKey: 'v4', atMs: MONDAY + 8 * DAY + H }];
    const weeks = doraTrend(input({ sinceMs: MONDAY + DAY / 2, deployments, failedChecks }));
    expect(
      weeks.map((w) => [w.week, w.since, w.deploymentFrequency.count, w.changeFailureRate.failed]),
    ).toEqual([
      ['2026-01-05T00:00:00.000Z', '2026-01-05T12:00:00.000Z', 2, 0],
      ['2026-01-12T00:00:00.000Z', '2026-01-12T00:00:00.000Z', 1, 1],
    ]);
    expect(weeks[1]?.performance.byMetric.changeFailureRate).toBe('low');
  });
});
