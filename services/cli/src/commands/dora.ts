import type { DoraAnswer } from '@shiplog/projections';
import type { Command, CommandIo } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { parseReadArgs, print, withProjections } from './deployedProjections.ts';

const usage = `usage: shiplog dora [--env E] [--service S] [--since TIME] [--until TIME] [--known-at TIME] [--weekly] [--json]

The DORA metrics of environment E (default production) over [since, until) (default: the last
30 days), from explicit links only: changes through the artifacts that name them, failures through
rollbacks (a redeploy of older bytes is one), failed post-deploy checks and rollout windows of the
deployed bytes, and incidents naming the service or the artifact; and the DORA 2024 performance
tier the figures fall in.

  --known-at TIME   answer only from what the ledger had recorded by then
  --weekly          add the figures of each ISO week (Monday 00:00 UTC) with its tier
  --json            one JSON document: {env, service, since, until, deploymentFrequency,
                    leadTimeForChanges, changeFailureRate, timeToRestoreService,
                    failedDeploymentRecoveryTime, knownAt, performance, weekly?}

exit: 0 answered, 1 the ledger cannot be read, 2 usage error`;

const options = {
  env: { type: 'string' },
  service: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'known-at': { type: 'string' },
  weekly: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const doraCommand: Command = {
  name: 'dora',
  summary: 'the four DORA metrics, from explicit links',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const { values } = parseReadArgs(args, options);
    const answer = await withProjections(io, (p) =>
      p.dora({
        ...(values.env === undefined ? {} : { env: values.env }),
        ...(values.service === undefined ? {} : { service: values.service }),
        ...(values.since === undefined ? {} : { since: values.since }),
        ...(values.until === undefined ? {} : { until: values.until }),
        ...(values['known-at'] === undefined ? {} : { knownAt: values['known-at'] }),
        ...(values.weekly === true ? { weekly: true } : {}),
      }),
    );
    print(io, values.json === true, answer, () => describe(answer));
    return ExitCode.Done;
  },
};

const duration = (seconds: number | null): string => {
  if (seconds === null) return 'n/a';
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
};

// Rounded for people only: the JSON answer carries full precision.
const perDay = (n: number): string => String(Math.round(n * 10_000) / 10_000);

function describe(a: DoraAnswer): string {
  const scope = `${a.service === null ? a.env : `${a.env}/${a.service}`}${a.knownAt === null ? '' : ` as known at ${a.knownAt}`}`;
  const ratio =
    a.changeFailureRate.ratio === null ? 'n/a' : `${(a.changeFailureRate.ratio * 100).toFixed(1)}%`;
  return [
    `DORA for ${scope}, ${a.since} to ${a.until}`,
    `  deployment frequency        ${a.deploymentFrequency.count} deployments (${perDay(a.deploymentFrequency.perDay)}/day)`,
    `  lead time for changes       ${duration(a.leadTimeForChanges.medianSeconds)} median over ${a.leadTimeForChanges.changes} changes`,
    `  change failure rate         ${ratio} (${a.changeFailureRate.failed} of ${a.changeFailureRate.deployments})`,
    `  time to restore service     ${duration(a.timeToRestoreService.medianSeconds)} median over ${a.timeToRestoreService.incidents} incidents`,
    `  failed deployment recovery  ${duration(a.failedDeploymentRecoveryTime.medianSeconds)} median over ${a.failedDeploymentRecoveryTime.failures} failures`,
    `  performance tier            ${a.performance.tier ?? 'n/a'} (${a.performance.reference})`,
    ...(a.weekly ?? []).map(
      (w) =>
        `  week of ${w.week.slice(0, 10)}  ${w.deploymentFrequency.count} deployments, ${w.changeFailureRate.failed} failed, tier ${w.performance.tier ?? 'n/a'}`,
    ),
    '',
  ].join('\n');
}
