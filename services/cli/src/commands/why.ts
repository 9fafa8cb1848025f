import { ProjectionsError, ProjectionsErrorCode } from '@shiplog/projections';
import type { WhyAnswer } from '@shiplog/projections';
import type { Command, CommandIo } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { parseReadArgs, print, withProjections } from './deployedProjections.ts';

const usage = `usage: shiplog why ID|DIGEST|PURL [--json]

The chain behind an event id, a change id, an artifact digest (sha256:…) or a package URL: change
intake, build, verification, release, approvals and gate decisions, deployments, post-deploy
verification, completion or rollback, signatures and SBOMs, and every violation found.

  --json   one JSON document: {query, matched, sources?, artifacts: [{artifact, changes, steps, deployments, …}]}
           (sources: when several producers used the event id, each of them)

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
  const shared =
    answer.sources === undefined
      ? ''
      : `event id ${answer.query} was used by ${answer.sources.length} sources (${answer.sources.join(', ')}); the chains of all their facts:\n\n`;
  return (
    shared +
    answer.artifacts
      .map((a) => {
        const name = [a.artifact.nameVersion, a.artifact.digest].filter((x) => x !== null).join(' ');
        const steps = a.steps.map((s) => {
          const flagged =
            s.violations.length === 0 ? '' : `  VIOLATION ${s.violations.map((v) => v.rule).join(', ')}`;
          const env = typeof s.detail['env'] === 'string' ? ` ${s.detail['env']}` : '';
          return `  ${s.at}  ${s.stage.padEnd(22)} ${s.type}${env}  (${s.eventId})${flagged}`;
        });
        return `${name}\n${steps.join('\n')}\n`;
      })
      .join('\n')
  );
}
