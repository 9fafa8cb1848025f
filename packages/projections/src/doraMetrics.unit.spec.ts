import { describe, expect, it } from 'vitest';
import { doraMetrics, medianSeconds } from './doraMetrics.ts';
import type { DoraDeployment, DoraIncident, DoraInput } from './doraMetrics.ts';

const H = 3_600_000;
const DAY = 24 * H;
let position = 0;
const deploy = (
  service: string,
  atMs: number,
  artifactKey: string,
  action: DoraDeployment['action'] = 'deployed',
): DoraDeployment => ({ service, action, artifactKey, atMs, position: ++position });
const incident = (
  detectedMs: number,
  resolvedMs: number | null,
  names: { service?: string; artifactKey?: string },
): DoraIncident => ({
  incidentId: `INC-${detectedMs}`,
  service: names.service ?? null,
  artifactKey: names.artifactKey ?? null,
  detectedMs,
  resolvedMs,
});
const input = (over: Partial<DoraInput>): DoraInput => ({
  sinceMs: 0,
  untilMs: 10 * DAY,
  deployments: [],
  deployedBefore: new Set(),
  changesByArtifact: new Map(),
  incidents: [],
  ...over,
});

describe('medianSeconds', () => {
  it('takes the middle sample, the mean of the two middle ones, or null', () => {
    expect(medianSeconds([3000, 1000, 2000])).toBe(2);
    expect(medianSeconds([4000, 1000, 2000, 3000])).toBe(2.5);
    expect(medianSeconds([])).toBeNull();
  });
});

describe('doraMetrics', () => {
  it('counts deployments and upgrades in [since, until), not rollbacks', () => {
    const figures = doraMetrics(
      input({
        deployments: [
          deploy('a', 1 * DAY, 'x1'),
          deploy('a', 2 * DAY, 'x1', 'upgraded'),
          deploy('a', 3 * DAY, 'x0', 'rolledback'),
          deploy('a', 10 * DAY, 'x2'), // at `until`: outside
        ],
      }),
    );
    // 2 deployments over 10 days.
    expect(figures.deploymentFrequency).toEqual({ count: 2, perDay: 0.2 });
  });

  it('measures lead time once per change, at its artifact first reaching the environment', () => {
    const figures = doraMetrics(
      input({
        deployments: [
          deploy('a', 2 * DAY, 'x1'),
          deploy('a', 3 * DAY, 'x1', 'upgraded'),
          deploy('b', 4 * DAY, 'y1'),
        ],
        changesByArtifact: new Map([
          ['x1', [{ changeId: 'C1', startMs: 1 * DAY }]],
          [
            'y1',
            [
              { changeId: 'C2', startMs: 4 * DAY - 2 * H },
              { changeId: 'C3', startMs: null },
            ],
          ],
        ]),
      }),
    );
    // C1: 2d − 1d = 86400 s; C2: 2 h = 7200 s; C3 has no time. Median (7200 + 86400) / 2.
    expect(figures.leadTimeForChanges).toEqual({ medianSeconds: 46800, changes: 2 });
  });

  it('skips artifacts that were in the environment before the window', () => {
    const figures = doraMetrics(
      input({
        deployments: [deploy('a', 2 * DAY, 'old')],
        deployedBefore: new Set(['old']),
        changesByArtifact: new Map([['old', [{ changeId: 'C0', startMs: 0 }]]]),
      }),
    );
    expect(figures.leadTimeForChanges).toEqual({ medianSeconds: null, changes: 0 });
  });

  it('fails a deployment rolled back before the next one, recovered at the rollback', () => {
    const figures = doraMetrics(
      input({
        deployments: [
          deploy('a', 1 * DAY, 'x1'),
          deploy('a', 1 * DAY + 2 * H, 'x0', 'rolledback'),
          deploy('a', 5 * DAY, 'x2'),
        ],
      }),
    );
    expect(figures.changeFailureRate).toEqual({ failed: 1, deployments: 2, ratio: 0.5 });
    expect(figures.failedDeploymentRecoveryTime).toEqual({ medianSeconds: 7200, failures: 1 });
  });

  it('fails a deployment named by an incident before the next deployment, recovered by that deployment', () => {
    const figures = doraMetrics(
      input({
        deployments: [deploy('a', 1 * DAY, 'x1'), deploy('a', 3 * DAY, 'x2'), deploy('b', 1 * DAY, 'y1')],
        incidents: [
          incident(2 * DAY, 2 * DAY + H, { artifactKey: 'x1' }),
          incident(4 * DAY, null, { service: 'c' }), // names nobody deployed here
        ],
      }),
    );
    expect(figures.changeFailureRate).toEqual({ failed: 1, deployments: 3, ratio: 1 / 3 });
    // Recovered when x2 replaced x1: 2 days.
    expect(figures.failedDeploymentRecoveryTime).toEqual({ medianSeconds: 172800, failures: 1 });
    // Restore: only resolved incidents, 1 h.
    expect(figures.timeToRestoreService).toEqual({ medianSeconds: 3600, incidents: 1 });
  });

  it('counts an unrecovered failure as failed but not in recovery time', () => {
    const figures = doraMetrics(
      input({
        deployments: [deploy('a', 1 * DAY, 'x1')],
        incidents: [incident(2 * DAY, null, { service: 'a' })],
      }),
    );
    expect(figures.changeFailureRate.failed).toBe(1);
    expect(figures.failedDeploymentRecoveryTime).toEqual({ medianSeconds: null, failures: 0 });
  });

  it('keeps incidents detected outside the window out of restore time, and filters by service', () => {
    const incidents = [
      incident(-DAY, -DAY + H, { service: 'a' }),
      incident(DAY, DAY + 2 * H, { service: 'a' }),
      incident(DAY, DAY + 4 * H, { artifactKey: 'y1' }),
    ];
    const deployments = [deploy('b', 0, 'y1')];
    expect(doraMetrics(input({ incidents, deployments })).timeToRestoreService).toEqual({
      medianSeconds: 10800,
      incidents: 2,
    });
    expect(doraMetrics(input({ incidents, deployments, service: 'b' })).timeToRestoreService).toEqual({
      medianSeconds: 14400,
      incidents: 1,
    });
  });

  it('answers null ratios and medians for an empty window', () => {
    expect(doraMetrics(input({}))).toEqual({
      deploymentFrequency: { count: 0, perDay: 0 },
      leadTimeForChanges: { medianSeconds: null, changes: 0 },
      changeFailureRate: { failed: 0, deployments: 0, ratio: null },
      timeToRestoreService: { medianSeconds: null, incidents: 0 },
      failedDeploymentRecoveryTime: { medianSeconds: null, failures: 0 },
    });
  });
});
