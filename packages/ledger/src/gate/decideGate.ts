import { randomUUID } from 'node:crypto';
import type { ArtifactRef, PipelineStage } from '@shiplog/events';
import type { EventStore } from '@shiplog/store';
import { refIdentity } from '../artifactIdentity.ts';
import type { RecordAnswer, Recorder } from '../recorder.ts';
import { evaluateGate } from './evaluateGate.ts';
import { gateDecisionEvent } from './gateDecisionEvent.ts';
import type { GatePolicy } from './gatePolicy.ts';
import { gatherGateEvidence } from './gatherGateEvidence.ts';
import type { GateDecision } from './gateTypes.ts';

/** What a gate is asked, and where it reads the evidence. */
export interface AssessGateOptions {
  readonly store: EventStore;
  readonly policy: GatePolicy;
  readonly artifact: ArtifactRef;
  readonly environment: string;
  readonly stage: PipelineStage;
  readonly service?: string;
  /** The clock recorded exceptions expire by (default: the current time). */
  readonly now?: Date;
}

export interface DecideGateOptions extends AssessGateOptions {
  /** Records the decision: the same validate → judge → append path as every event. */
  readonly recorder: Recorder;
  /** URI reference of who asks, e.g. `/shiplog/cli/gate`. */
  readonly source: string;
  /** The caller's clock. */
  readonly now: Date;
  /** Default: a random UUID. */
  readonly gateId?: string;
  /** Who asked, recorded as the decision's producer (default: the recorder's). */
  readonly producer?: string;
}

/** A gate decision about one request, not recorded: what `GET /v1/gate` answers. */
export interface GateAssessment extends GateDecision {
  readonly artifact: ArtifactRef;
  readonly environment: string;
  readonly stage: PipelineStage;
  readonly service?: string;
}

/** A recorded gate decision: what `shiplog gate --json` prints and `POST /v1/gate` answers. */
export interface GateOutcome extends GateAssessment {
  readonly gateId: string;
  readonly decidedAt: string;
  /** The ledger's answer to the `gate.decided` event. */
  readonly recorded: RecordAnswer;
}

/** Gathers the evidence and decides under the policy, recording nothing. */
export async function assessGate(options: AssessGateOptions): Promise<GateAssessment> {
  const identity = refIdentity(options.artifact);
  const service = options.service === undefined ? {} : { service: options.service };
  const evidence = await gatherGateEvidence(options.store, identity, options.environment, {
    policy: options.policy,
    ...service,
  });
  const decision = evaluateGate(options.policy, {
    artifact: identity,
    environment: options.environment,
    stage: options.stage,
    ...service,
    evidence,
    now: options.now ?? new Date(),
  });
  return {
    ...decision,
    artifact: options.artifact,
    environment: options.environment,
    stage: options.stage,
    ...service,
  };
}

/** Gathers the evidence, decides under the policy, and records the decision as `gate.decided`. */
export async function decideGate(options: DecideGateOptions): Promise<GateOutcome> {
  const assessment = await assessGate(options);
  const { artifact, environment, stage, service, ...decision } = assessment;
  const gateId = options.gateId ?? randomUUID();
  const event = gateDecisionEvent({
    gateId,
    source: options.source,
    timestamp: options.now,
    artifact,
    environment,
    stage,
    ...(service === undefined ? {} : { service }),
    decision,
  });
  const recorded = await options.recorder.record({
    value: event,
    text: JSON.stringify(event),
    ...(options.producer === undefined ? {} : { producer: options.producer }),
  });
  return { gateId, ...assessment, decidedAt: event.context.timestamp, recorded };
}
