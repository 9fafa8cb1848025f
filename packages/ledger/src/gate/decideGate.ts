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

export interface DecideGateOptions {
  readonly store: EventStore;
  /** Records the decision: the same validate → judge → append path as every event. */
  readonly recorder: Recorder;
  readonly policy: GatePolicy;
  readonly artifact: ArtifactRef;
  readonly environment: string;
  readonly stage: PipelineStage;
  readonly service?: string;
  /** URI reference of who asks, e.g. `/shiplog/cli/gate`. */
  readonly source: string;
  /** The caller's clock. */
  readonly now: Date;
  /** Default: a random UUID. */
  readonly gateId?: string;
  /** Who asked, recorded as the decision's producer (default: the recorder's). */
  readonly producer?: string;
}

/** A recorded gate decision: what `shiplog gate --json` prints and `GET /v1/gate` answers. */
export interface GateOutcome extends GateDecision {
  readonly gateId: string;
  readonly artifact: ArtifactRef;
  readonly environment: string;
  readonly stage: PipelineStage;
  readonly service?: string;
  readonly decidedAt: string;
  /** The ledger's answer to the `gate.decided` event. */
  readonly recorded: RecordAnswer;
}

/** Gathers the evidence, decides under the policy, and records the decision as `gate.decided`. */
export async function decideGate(options: DecideGateOptions): Promise<GateOutcome> {
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
  });
  const gateId = options.gateId ?? randomUUID();
  const event = gateDecisionEvent({
    gateId,
    source: options.source,
    timestamp: options.now,
    artifact: options.artifact,
    environment: options.environment,
    stage: options.stage,
    ...service,
    decision,
  });
  const recorded = await options.recorder.record({
    value: event,
    text: JSON.stringify(event),
    ...(options.producer === undefined ? {} : { producer: options.producer }),
  });
  return {
    gateId,
    ...decision,
    artifact: options.artifact,
    environment: options.environment,
    stage: options.stage,
    ...service,
    decidedAt: event.context.timestamp,
    recorded,
  };
}
