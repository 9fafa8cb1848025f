// Stage 1 (change intake) for the release, and the recorded past: version 1.1.0 of the service went
// through all seven stages a week ago, so the new version has a predecessor to roll back to.
import { createCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { approvalEvent, deploymentEvents } from './deploymentEvents.ts';
import type { DeployCheck } from './deploymentEvents.ts';
import { previous, repository, service, sources } from './demoStory.ts';
import { verificationEvents } from './verificationEvents.ts';

const HOUR_MS = 3_600_000;
const before = (now: Date, hours: number): Date => new Date(now.getTime() - hours * HOUR_MS);

/** The pull request behind a version: opened, reviewed, merged (`hoursAgo` of each, from `now`). */
export function changeEvents(
  changeId: string,
  description: string,
  now: Date,
  hoursAgo: { readonly created: number; readonly reviewed: number; readonly merged: number },
): CDEvent[] {
  const base = { source: sources.review, subjectId: changeId };
  return [
    createCDEvent('dev.cdevents.change.created.0.4.0', {
      ...base,
      id: `${changeId}-created`,
      timestamp: before(now, hoursAgo.created),
      content: { description, repository },
    }),
    createCDEvent('dev.cdevents.change.reviewed.0.3.0', {
      ...base,
      id: `${changeId}-reviewed`,
      timestamp: before(now, hoursAgo.reviewed),
      content: { repository },
    }),
    createCDEvent('dev.cdevents.change.merged.0.3.0', {
      ...base,
      id: `${changeId}-merged`,
      timestamp: before(now, hoursAgo.merged),
      content: { repository },
    }),
  ];
}

export const passingChecks: readonly DeployCheck[] = [
  { name: 'health', kind: 'health', outcome: 'pass' },
  { name: 'error-rate', kind: 'error-rate', outcome: 'pass' },
];

/** Version 1.1.0, eight to seven days before `now`: change, build, checks, release, staging, production. */
export function previousReleaseEvents(now: Date): CDEvent[] {
  const changeId = `release-shiplog-fixture-${previous.version}`;
  // `minutes` earlier than `days` ago: the stages in order, the production deployment last.
  const daysAgo = (days: number, minutes = 0): Date => before(now, days * 24 + minutes / 60);
  return [
    ...changeEvents(changeId, `${service.package} ${previous.version}`, now, {
      created: 8 * 24,
      reviewed: 7 * 24 + 3,
      merged: 7 * 24 + 2,
    }),
    createCDEvent('dev.cdevents.artifact.packaged.0.3.0', {
      id: `demo-${previous.version}-packaged`,
      source: sources.ci,
      timestamp: daysAgo(7, 100),
      subjectId: previous.purl,
      content: { change: { id: changeId } },
    }),
    ...verificationEvents(
      { digest: previous.digest, purl: previous.purl, label: 'add' },
      daysAgo(7, 90),
      previous.version,
    ),
    createCDEvent('dev.cdevents.artifact.published.0.3.0', {
      id: `demo-${previous.version}-published`,
      source: sources.ci,
      timestamp: daysAgo(7, 80),
      subjectId: previous.purl,
      content: {},
    }),
    ...deploymentEvents(
      'staging',
      'deployed',
      previous,
      passingChecks,
      daysAgo(7, 60),
      `demo-${previous.version}-staging`,
    ),
    approvalEvent('production', previous, daysAgo(7, 30), `demo-${previous.version}-approval`),
    ...deploymentEvents(
      'production',
      'deployed',
      previous,
      passingChecks,
      daysAgo(7),
      `demo-${previous.version}-production`,
    ),
  ];
}
