import type { DeployedAnswer, DeploymentHealth, ObservedRuntime } from '@shiplog/projections';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { parseReadArgs, print, withProjections } from './deployedProjections.ts';

const usage = `usage: shiplog deployed --env E [--service S] [--at TIME] [--known-at TIME] [--json]

What ran in environment E at TIME (default now), since when, and why; and what the latest
snapshot saw running there, with its drift (UNRECORDED_RUNTIME_CHANGE, RECORDED_BUT_NOT_RUNNING).
Only snapshots by trusted producers count: local, shiplog's own, and SHIPLOG_SNAPSHOT_PRODUCERS.

  --at TIME         when things happened (the events' own timestamps), RFC 3339
  --known-at TIME   answer only from what the ledger had recorded by then, so late reports and
                    corrections show up as they were learnt
  --json            one JSON document: {env, at, knownAt, services: [{service, artifactId, since,
                    eventId, why, health, observed}], unrecorded}; health: healthy | unhealthy |
                    unverified by the latest post-deploy check or rollout window, the rollout step,
                    and the rollback shiplog decided, if any; observed is the latest trusted
                    'shiplog snapshot' of the service: {snapshotEventId, at, producer, digests, drift}

exit: 0 answered, 1 the ledger cannot be read, 2 usage error`;

/** The options of the read commands about one target at one instant (`deployed`, `rollback-target`). */
export const targetAtOptions = {
  env: { type: 'string' },
  service: { type: 'string' },
  at: { type: 'string' },
  'known-at': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const deployedCommand: Command = {
  name: 'deployed',
  summary: 'what runs in an environment (at a time), since when, and why',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const { values } = parseReadArgs(args, targetAtOptions);
    if (values.env === undefined) throw new UsageError('--env is required');
    const env = values.env;
    const answer = await withProjections(io, (p) =>
      p.deployed({
        env,
        ...(values.service === undefined ? {} : { service: values.service }),
        ...(values.at === undefined ? {} : { at: values.at }),
        ...(values['known-at'] === undefined ? {} : { knownAt: values['known-at'] }),
      }),
    );
    print(io, values.json === true, answer, () => describe(answer));
    return ExitCode.Done;
  },
};

function healthLine(h: DeploymentHealth): string {
  const parts = [
    `health: ${h.status}${h.failing.length === 0 ? '' : ` (${h.failing.join('; ')})`}`,
    ...(h.rollout === null
      ? []
      : [
          `rollout: ${h.rollout.strategy} step ${h.rollout.step}${h.rollout.weightPercent === null ? '' : ` at ${h.rollout.weightPercent}%`} ${h.rollout.outcome}`,
        ]),
    ...(h.rollback === null
      ? []
      : [
          `rollback decided to ${h.rollback.to ?? 'no known healthy version'} by ${h.rollback.deadline}${h.rollback.overdue ? ' (OVERDUE)' : ''}`,
        ]),
  ];
  return parts.join('; ');
}

function describe(answer: DeployedAnswer): string {
  const known = answer.knownAt === null ? '' : ` as known at ${answer.knownAt}`;
  const head = `${answer.env} at ${answer.at}${known}:\n`;
  if (answer.services.length === 0) return `${head}  nothing deployed\n${unrecordedLines(answer.unrecorded)}`;
  const lines = answer.services.map((s) => {
    const w = s.why;
    const changes = w.changes.length === 0 ? 'no change on record' : `change ${w.changes.join(', ')}`;
    const approvals = w.approvals.filter((a) => a.granted).map((a) => a.approver);
    const flags = [
      `${w.verifications.passed} checks passed${w.verifications.failed > 0 ? `, ${w.verifications.failed} failed` : ''}`,
      approvals.length === 0 ? 'no approval' : `approved by ${approvals.join(', ')}`,
      ...(w.violations.length === 0 ? [] : [`violations: ${w.violations.map((v) => v.rule).join(', ')}`]),
      ...(w.corrects === null ? [] : [`corrects ${w.corrects}`]),
    ];
    return `  ${s.service}  ${s.artifactId}\n    since ${s.since} (${w.action}, event ${s.eventId})\n    why: ${changes}; ${flags.join('; ')}\n    ${healthLine(s.health)}${observedLine(s.observed)}`;
  });
  return `${head}${lines.join('\n')}\n${unrecordedLines(answer.unrecorded)}`;
}

/** What the latest snapshot saw, next to what is recorded (empty without a snapshot). */
function observedLine(o: ObservedRuntime | null): string {
  if (o === null) return '';
  const seen = o.digests.length === 0 ? 'not running' : o.digests.join(', ');
  return `\n    observed ${seen} at ${o.at} (snapshot ${o.snapshotEventId} by ${o.producer}): ${o.drift ?? 'as recorded'}`;
}

function unrecordedLines(unrecorded: DeployedAnswer['unrecorded']): string {
  return unrecorded
    .map((u) => `  ${u.service}  no deployment recorded\n${observedLine(u).slice(1)}\n`)
    .join('');
}
