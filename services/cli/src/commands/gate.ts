import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pipelineStage } from '@shiplog/events';
import type { PipelineStage } from '@shiplog/events';
import { parseShiplogConfig } from '@shiplog/config';
import { createRecorder, decideGate, gateArtifact, GateError, ProducerIdentity } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import { loadGatePolicy } from './gatePolicyFile.ts';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { formatGateOutcome } from './gateReport.ts';

const usage = `usage: shiplog gate --env E --artifact DIGEST|PURL [--policy FILE] [--stage S] [--service S] [--json]

May these bytes enter this stage in this environment? Decides from the recorded evidence (the
artifact's stream, and the deployments of the environments the policy says come first) under a
declarative policy, and records the decision as a gate.decided event carrying the policy's digest
and the ids and hashes of the evidence used. Evidence counts only from producers the policy lets
report it (by default only shiplog-workers report SBOMs, signatures, attestations and worker
builds); the rest is named as ignored (EVIDENCE_UNTRUSTED_PRODUCER), never counted. A recorded
exception (exception.granted, from a producer the policy's evidenceProducers.exception names) lifts
one failing quality check until it expires; the decision names it.

options:
  --env E             the environment to enter (e.g. staging, production)
  --artifact A        sha256:<hex> or a package URL (pkg:oci/app@sha256:…, pkg:npm/app@1.2.0)
  --policy FILE       a JSON gate policy (default: $SHIPLOG_GATE_POLICY, else the built-in shiplog-default-v1)
  --stage S           ${pipelineStage.options.join('|')} (default deploy)
  --service S         only this service's deployments count for prior environments
  --json              print one JSON document on stdout
environment: SHIPLOG_STORE (default sqlite:./.shiplog/ledger.db), SHIPLOG_APPROVAL_ENVIRONMENTS
exit: 0 allowed, 3 denied, 1 failure, 2 usage error (including an invalid policy file)`;

interface GateArgs {
  readonly environment: string;
  readonly artifact: string;
  readonly policyFile?: string;
  readonly stage: PipelineStage;
  readonly service?: string;
  readonly json: boolean;
}

function parse(args: readonly string[]): GateArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        env: { type: 'string' },
        artifact: { type: 'string' },
        policy: { type: 'string' },
        stage: { type: 'string', default: 'deploy' },
        service: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  if (values.env === undefined || values.env === '') throw new UsageError('--env is required');
  if (values.artifact === undefined || values.artifact === '') throw new UsageError('--artifact is required');
  const stage = pipelineStage.safeParse(values.stage);
  if (!stage.success) throw new UsageError(`--stage must be one of ${pipelineStage.options.join(', ')}`);
  return {
    environment: values.env,
    artifact: values.artifact,
    stage: stage.data,
    json: values.json,
    ...(values.policy === undefined ? {} : { policyFile: values.policy }),
    ...(values.service === undefined ? {} : { service: values.service }),
  };
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const options = parse(args);
  let artifact;
  try {
    artifact = gateArtifact(options.artifact);
  } catch (err) {
    if (err instanceof GateError) throw new UsageError(`--artifact: ${err.message}`, { cause: err });
    throw err;
  }
  const policy = await loadGatePolicy(options.policyFile, io);
  const config = parseShiplogConfig(io.env);
  if (config.SHIPLOG_STORE.startsWith('sqlite:')) {
    await mkdir(dirname(resolve(io.cwd, config.SHIPLOG_STORE.slice('sqlite:'.length))), { recursive: true });
  }
  const store = await openStore(config.SHIPLOG_STORE, { cwd: io.cwd });
  try {
    const recorder = createRecorder({
      store,
      policy: { approvalEnvironments: config.SHIPLOG_APPROVAL_ENVIRONMENTS },
      producer: ProducerIdentity.Local,
    });
    const outcome = await decideGate({
      store,
      recorder,
      policy,
      artifact,
      environment: options.environment,
      stage: options.stage,
      ...(options.service === undefined ? {} : { service: options.service }),
      source: '/shiplog/cli/gate',
      now: new Date(),
    });
    io.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : formatGateOutcome(outcome));
    if (outcome.recorded.status === 'refused') return ExitCode.Failure;
    return outcome.decision === 'allow' ? ExitCode.Done : ExitCode.Refused;
  } finally {
    await store.close();
  }
}

/** `shiplog gate`: may this artifact enter this stage? (a recorded decision) */
export const gateCommand: Command = {
  name: 'gate',
  summary: 'may this artifact enter this stage? (recorded decision)',
  usage,
  run,
};
