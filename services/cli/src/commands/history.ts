import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { parseReadArgs, print, withProjections } from './deployedProjections.ts';

const usage = `usage: shiplog history --env E [--service S] [--since TIME] [--until TIME] [--known-at TIME] [--json]

Deployments, upgrades, rollbacks and removals in environment E, in time order (by the events'
timestamps; a late report takes its place in the past). A deployment of bytes that ran there before
(a redeploy of the old version) is marked as the rollback it is.

  --known-at TIME   answer only from what the ledger had recorded by then
  --json            one JSON document: {env, knownAt?, entries: [{service, action, artifactId, at, eventId, rollback}]}

exit: 0 answered, 1 the ledger cannot be read, 2 usage error`;

const options = {
  env: { type: 'string' },
  service: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'known-at': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const historyCommand: Command = {
  name: 'history',
  summary: 'deployments and rollbacks in an environment, in order',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const { values } = parseReadArgs(args, options);
    if (values.env === undefined) throw new UsageError('--env is required');
    const env = values.env;
    const answer = await withProjections(io, (p) =>
      p.history({
        env,
        ...(values.service === undefined ? {} : { service: values.service }),
        ...(values.since === undefined ? {} : { since: values.since }),
        ...(values.until === undefined ? {} : { until: values.until }),
        ...(values['known-at'] === undefined ? {} : { knownAt: values['known-at'] }),
      }),
    );
    print(io, values.json === true, answer, () => {
      if (answer.entries.length === 0) return `${answer.env}: no deployments\n`;
      const lines = answer.entries.map(
        (e) =>
          `${e.at}  ${e.service.padEnd(16)} ${e.action.padEnd(10)} ${e.artifactId ?? '-'}  (${e.eventId})${e.rollback && e.action !== 'rolledback' ? '  rollback: redeploy of an older version' : ''}`,
      );
      return `${answer.env}:\n${lines.join('\n')}\n`;
    });
    return ExitCode.Done;
  },
};
