import { randomUUID } from 'node:crypto';
import { createShiplogEvent, environmentSnapshottedType } from '@shiplog/events';
import type { RecordAnswer } from '@shiplog/ledger';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import type { OciCredentials } from '@shiplog/registries';
import { mergeObservations } from '../snapshot/observation.ts';
import { ociCredentialsOf } from '../snapshot/ociTag.ts';
import type { Observation } from '../snapshot/observation.ts';
import { SnapshotError } from '../snapshot/snapshotErrors.ts';
import { parseSource, readSource } from '../snapshot/snapshotSources.ts';
import type { SnapshotSource } from '../snapshot/snapshotSources.ts';
import { parseReadArgs } from './deployedProjections.ts';
import { openEmitter } from './emit.ts';

const usage = `usage: shiplog snapshot --env E [--from KIND=ARG]… [FILE|-] [options]

Records what really runs in environment E (an environment.snapshotted event, with your identity
as its producer); the ledger compares it with the deployments it recorded there and records each
difference as a violation of its own:
  UNRECORDED_RUNTIME_CHANGE  a service runs other bytes than the recorded ones, or runs with no
                             deployment recorded (a manual change, forbidden by seed 001)
  RECORDED_BUT_NOT_RUNNING   a recorded service that a complete snapshot does not see
'shiplog deployed' then shows, per service, what was recorded and what was observed.

  --from kubectl=FILE|-      kubectl get pods -o json (each running container's imageID digest;
                             service from the label app.kubernetes.io/name, then app)
  --from docker=FILE|-       docker inspect <containers> (Config.Image @digest, RepoDigests, Image;
                             service from com.docker.compose.service, then the container name)
  --from oci=URL/REPO:TAG    what a registry tag points at (a partial snapshot of one service:
                             the repository's last segment, or --service)
  --from digests=FILE|-      lines "SERVICE sha256:…" (or SERVICE repo@sha256:…)
  FILE|-                     read by its content: kubectl JSON, docker JSON or a digest list
  --service-label L          the label that names the service (repeatable; replaces the defaults)
  --service S                the service of an oci= tag
  --oci-auth-env NAME        the environment variable holding the registry's credentials for oci=
                             (user:password, or a token), as release manifests name them
  --partial                  the list is not everything that runs: judge only the services named
                             (oci= alone is always partial)
  --source URI               the CDEvents source (default /shiplog/cli/snapshot)
  --fail-on-drift            exit 1 when the ledger recorded any drift
  --json                     one JSON document: {env, eventId, complete, observed, answer, drift}

exit: 0 recorded (drift or not), 1 failure (or drift with --fail-on-drift), 2 usage or unreadable
      input, 3 refused by the ledger`;

const options = {
  env: { type: 'string' },
  from: { type: 'string', multiple: true },
  'service-label': { type: 'string', multiple: true },
  service: { type: 'string' },
  'oci-auth-env': { type: 'string' },
  partial: { type: 'boolean' },
  source: { type: 'string' },
  'fail-on-drift': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

interface Drift {
  readonly code: string;
  readonly service: string | null;
  readonly message: string;
}

function driftOf(answer: RecordAnswer): Drift[] {
  if (answer.status !== 'recorded') return [];
  return answer.violations.map((v) => ({
    code: v.code,
    service: v.target?.service ?? null,
    message: v.message,
  }));
}

function describe(
  env: string,
  observed: readonly Observation[],
  answer: RecordAnswer,
  drift: readonly Drift[],
): string {
  if (answer.status === 'refused')
    return `${env}: snapshot refused\n${answer.problems.map((p) => `  ${p.code} ${p.path} ${p.message}`).join('\n')}\n`;
  const where = 'position' in answer ? ` at position ${answer.position}` : '';
  const lines = observed.map(
    (o) =>
      `  ${o.service}  ${o.digest}  (${o.from}${o.instances === undefined ? '' : `, ${o.instances} running`})`,
  );
  const verdict =
    drift.length === 0
      ? 'no drift: what runs is what the ledger recorded'
      : `drift:\n${drift.map((d) => `  ${d.code}  ${d.message}`).join('\n')}`;
  return `${env}: snapshot ${answer.status}${where}, ${observed.length} running\n${lines.join('\n')}\n${verdict}\n`;
}

/** The credentials `--oci-auth-env NAME` points at; never printed. */
function ociAuth(name: string | undefined, io: CommandIo): { ociCredentials?: OciCredentials } {
  if (name === undefined) return {};
  const value = io.env[name];
  if (value === undefined || value.length === 0)
    throw new UsageError(`--oci-auth-env ${name}: the environment has no ${name} (user:password or a token)`);
  return { ociCredentials: ociCredentialsOf(value) };
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseReadArgs(args, options, { min: 0, max: 1 });
  if (values.env === undefined) throw new UsageError('--env is required');
  let sources: SnapshotSource[];
  let observed: Observation[];
  try {
    sources = [
      ...(values.from ?? []).map(parseSource),
      ...positionals.map((file): SnapshotSource => ({ kind: 'auto', file })),
    ];
    if (sources.length === 0) throw new UsageError('say what runs: --from KIND=ARG or a FILE (- for stdin)');
    const readOptions = {
      ...(values['service-label'] === undefined ? {} : { serviceLabels: values['service-label'] }),
      ...(values.service === undefined ? {} : { service: values.service }),
      ...ociAuth(values['oci-auth-env'], io),
    };
    const read = await Promise.all(sources.map((s) => readSource(s, io, readOptions)));
    observed = mergeObservations(read.flat());
  } catch (err) {
    if (err instanceof SnapshotError) throw new UsageError(`${err.code}: ${err.message}`, { cause: err });
    throw err;
  }
  const complete = values.partial !== true && sources.some((s) => s.kind !== 'oci');
  const event = createShiplogEvent(environmentSnapshottedType, {
    id: randomUUID(),
    source: values.source ?? '/shiplog/cli/snapshot',
    timestamp: new Date(),
    subjectId: values.env,
    content: { environment: { id: values.env }, complete, observed },
  });
  const { emitter, store } = await openEmitter(io);
  let answer: RecordAnswer;
  try {
    answer = await emitter.emit(event);
  } finally {
    await emitter.close();
    await store?.close();
  }
  const drift = driftOf(answer);
  const document = { env: values.env, eventId: event.context.id, complete, observed, answer, drift };
  io.stdout.write(
    values.json === true ? `${JSON.stringify(document)}\n` : describe(values.env, observed, answer, drift),
  );
  if (answer.status === 'refused') return ExitCode.Refused;
  return drift.length > 0 && values['fail-on-drift'] === true ? ExitCode.Failure : ExitCode.Done;
}

/** `shiplog snapshot --env E …`: what really runs there, with drift recorded against the ledger. */
export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'what really runs in an environment; drift recorded against the ledger',
  usage,
  run,
};
