import type { RollbackTargetAnswer } from '@shiplog/projections';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { targetAtOptions } from './deployed.ts';
import { parseReadArgs, print, withProjections } from './deployedProjections.ts';

const usage = `usage: shiplog rollback-target --env E --service S [--at TIME] [--known-at TIME] [--json]

Where a rollback of service S in environment E goes: the last version other than the running one
whose deployment there completed with success (a previously released artifact, a known healthy
state), and the rollback shiplog decided for the running bytes, with its deadline, if any.

  --at TIME         as things stood then (the events' own timestamps), RFC 3339; default now
  --known-at TIME   answer only from what the ledger had recorded by then
  --json            one JSON document: {env, service, at, knownAt, running, target, decided}

exit: 0 answered (target null: no version completed healthy there), 1 the ledger cannot be read,
2 usage error`;

export const rollbackTargetCommand: Command = {
  name: 'rollback-target',
  summary: 'the last version that completed healthy on a target',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const { values } = parseReadArgs(args, targetAtOptions);
    if (values.env === undefined) throw new UsageError('--env is required');
    if (values.service === undefined) throw new UsageError('--service is required');
    const { env, service } = values;
    const answer = await withProjections(io, (p) =>
      p.rollbackTarget({
        env,
        service,
        ...(values.at === undefined ? {} : { at: values.at }),
        ...(values['known-at'] === undefined ? {} : { knownAt: values['known-at'] }),
      }),
    );
    print(io, values.json === true, answer, () => describe(answer));
    return ExitCode.Done;
  },
};

function describe(a: RollbackTargetAnswer): string {
  const known = a.knownAt === null ? '' : ` as known at ${a.knownAt}`;
  const lines = [
    `${a.env}/${a.service} at ${a.at}${known}:`,
    `  running   ${a.running === null ? 'nothing' : a.running.artifactId}`,
    a.target === null
      ? '  target    none: no other version completed healthy there'
      : `  target    ${a.target.artifactId} (completed healthy ${a.target.completedAt}, event ${a.target.completionEventId})`,
  ];
  if (a.decided !== null) {
    const d = a.decided;
    lines.push(
      `  decided   rollback to ${d.to ?? 'no known healthy version'} by ${d.deadline}${d.overdue ? ' (OVERDUE)' : ''}: ${d.reason} (event ${d.eventId})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
