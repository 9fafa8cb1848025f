import type { DoraFigures, DoraInput } from './doraMetrics.ts';
import { doraMetrics } from './doraMetrics.ts';
import type { DoraPerformance } from './doraTier.ts';
import { doraPerformance } from './doraTier.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** One week of the trend: the figures of [since, until), the part of the week inside the window. */
export interface DoraWeek extends DoraFigures {
  /** The ISO week's Monday, 00:00 UTC. */
  readonly week: string;
  readonly since: string;
  readonly until: string;
  readonly performance: DoraPerformance;
}

/** Monday 00:00 UTC of the ISO week holding `ms`. */
export function weekStartMs(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const weekday = (day + 3) % 7; // 1970-01-01 was a Thursday: Monday is 0
  return (day - (weekday < 0 ? weekday + 7 : weekday)) * DAY_MS;
}

/**
 * The window's figures week by week (ISO weeks, UTC), each week read as its own window: a
 * deployment before the week counts as having been there for lead time, as `deployedBefore` does.
 */
export function doraTrend(input: DoraInput): DoraWeek[] {
  const weeks: DoraWeek[] = [];
  for (let start = weekStartMs(input.sinceMs); start < input.untilMs; start += WEEK_MS) {
    const sinceMs = Math.max(start, input.sinceMs);
    const untilMs = Math.min(start + WEEK_MS, input.untilMs);
    const deployedBefore = new Set(input.deployedBefore);
    for (const d of input.deployments)
      if (d.atMs < sinceMs && d.artifactKey !== null && d.action !== 'removed')
        deployedBefore.add(d.artifactKey);
    const figures = doraMetrics({ ...input, sinceMs, untilMs, deployedBefore });
    weeks.push({
      week: new Date(start).toISOString(),
      since: new Date(sinceMs).toISOString(),
      until: new Date(untilMs).toISOString(),
      ...figures,
      performance: doraPerformance(figures),
    });
  }
  return weeks;
}
