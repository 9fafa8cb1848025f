import type { PackageReport, ReleaseReport, ReleaseStatusReport } from '@shiplog/workers';
import { gateLines } from './releasePlan.ts';

const short = (digest: string): string => `${digest.slice(0, 19)}…`;

function packageLines(
  p: Pick<PackageReport, 'name' | 'ecosystem' | 'registry' | 'files'> & {
    status?: string;
    error?: PackageReport['error'];
    waits?: PackageReport['waits'];
  },
): string[] {
  const head = `  ${p.name} (${p.ecosystem}) -> ${p.registry}${p.status === undefined ? '' : `: ${p.status}`}`;
  const lines = [head];
  for (const f of p.files) {
    const how =
      f.earlier === true
        ? 'recorded earlier'
        : f.alreadyPublished
          ? 'already in the registry'
          : f.eventId === undefined
            ? 'not uploaded'
            : 'uploaded';
    lines.push(
      `      ${f.fileName} ${short(f.digest)} ${how}${f.eventId === undefined ? '' : ` [${f.eventId}]`}`,
    );
  }
  for (const w of p.waits ?? [])
    lines.push(`      rate limited: waited ${Math.round(w.waitedMs / 1000)} s until ${w.until}`);
  if (p.error !== undefined) lines.push(`      ${p.error.code}: ${p.error.message}`);
  return lines;
}

/** The human form of a release run's report. */
export function describeReleaseReport(report: ReleaseReport): string {
  const lines = [
    `release ${report.id} run ${report.run}${report.dryRun ? ' (dry run)' : ''}: ${report.status.toUpperCase()}`,
  ];
  if (report.error !== undefined) lines.push(`  ${report.error.code}: ${report.error.message}`);
  if (report.gate !== undefined) lines.push('', ...gateLines(report.gate, 'release gate'));
  lines.push('', 'packages:');
  for (const p of report.packages) lines.push(...packageLines(p));
  lines.push(
    '',
    report.latest.moved
      ? `latest -> ${report.version}: ${report.latest.packages.join(', ') || '(no npm packages)'}`
      : 'latest: not moved',
  );
  if (report.github !== undefined) {
    const uploaded = report.github.assets.filter((a) => a.uploaded).length;
    lines.push(
      `GitHub release ${report.github.tag}: ${report.github.url} (${uploaded} asset(s) uploaded, ${report.github.assets.length - uploaded} already there)`,
    );
  }
  const t = report.timings;
  lines.push(
    `time: build ${t.buildMs} ms, gate ${t.gateMs} ms, publish ${t.publishMs} ms, total ${t.totalMs} ms`,
  );
  lines.push(`summary recorded as ${report.summaryEventId}`, '');
  return lines.join('\n');
}

/** The human form of `shiplog release status`. */
export function describeReleaseStatus(status: ReleaseStatusReport): string {
  const lines = [`release ${status.id}: ${status.status.toUpperCase()}`, '', 'runs:'];
  for (const r of status.runs) {
    lines.push(
      `  ${r.run}. ${r.startedAt} -> ${r.finishedAt ?? '(no summary)'} ${r.status}${r.dryRun ? ' (dry run)' : ''}`,
    );
  }
  lines.push('', 'built:');
  for (const a of status.artifacts) lines.push(`  ${a.package} ${a.fileName} ${a.digest}`);
  lines.push('', 'published:');
  for (const p of status.packages) lines.push(...packageLines(p));
  lines.push('');
  return lines.join('\n');
}
