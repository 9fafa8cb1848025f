import { ProjectionsError, ProjectionsErrorCode } from '@shiplog/projections';
import type { WhyAnswer } from '@shiplog/projections';
import type { Command, CommandIo } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { parseReadArgs, print, withProjections } from './deployedProjections.ts';

const usage = `usage: shiplog why ID|DIGEST|PURL [--json]

The chain behind an event id, a change id, an artifact digest (sha256:…) or a package URL: change
intake, build, verification, release, approvals and gate decisions, deployments, post-deploy
verification, completion or rollback, signatures and SBOMs, and every violation found. Each step
names its event and the identity that sent it (local, api:<token>, nats:<user>, shiplog-workers…).

  --json   one JSON document: {query, matched, event?, sources?, artifacts: [{artifact, changes, steps, deployments, …}]};
           each step has its eventId and producer (event: the recorded event an id names, found
           whether or not it names an artifact; sources: when several producers used the event id,
           each of them)

exit: 0 answered, 1 nothing by that name or the ledger cannot be read, 2 usage error`;

export const whyCommand: Command = {
  name: 'why',
  summary: 'the full chain: change → build → verification → release → deploy',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const { values, positionals } = parseReadArgs(args, { json: { type: 'boolean' } } as const, {
      min: 1,
      max: 1,
    });
    const query = positionals[0] as string;
    try {
      const answer = await withProjections(io, (p) => p.why(query));
      print(io, values.json === true, answer, () => describe(answer));
      return ExitCode.Done;
    } catch (err) {
      if (err instanceof ProjectionsError && err.code === ProjectionsErrorCode.NotFound) {
        io.stderr.write(`shiplog why: ${err.message}\n`);
        return ExitCode.Failure;
      }
      throw err;
    }
  },
};

function describe(answer: WhyAnswer): string {
  const e = answer.event;
  const event =
    e === undefined
      ? ''
      : `event ${e.eventId}  ${e.type}  from ${e.producer}\n  at ${e.at ?? 'unknown'}, recorded ${e.recordedAt} at position ${e.position} in ${e.streamId}${answer.artifacts.length === 0 ? '\n  (names no artifact)' : ''}\n\n`;
  const shared =
    answer.sources === undefined
      ? ''
      : `event id ${answer.query} was used by ${answer.sources.length} sources (${answer.sources.join(', ')}); the chains of all their facts:\n\n`;
  return (
    event +
    shared +
    answer.artifacts
      .map((a) => {
        const name = [a.artifact.nameVersion, a.artifact.digest].filter((x) => x !== null).join(' ');
        const steps = a.steps.map((s) => {
          const flagged =
            s.violations.length === 0 ? '' : `  VIOLATION ${s.violations.map((v) => v.rule).join(', ')}`;
          const env = typeof s.detail['env'] === 'string' ? ` ${s.detail['env']}` : '';
          return `  ${s.at}  ${s.stage.padEnd(22)} ${s.type}${env}  (${s.eventId}, from ${s.producer})${flagged}`;
        });
        return `${name}\n${steps.join('\n')}\n`;
      })
      .join('\n')
  );
}
