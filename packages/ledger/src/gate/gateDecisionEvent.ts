import { createShiplogEvent, gateDecidedType } from '@shiplog/events';
import type { ArtifactRef, GateDecidedEvent, PipelineStage } from '@shiplog/events';
import type { GateDecision } from './gateTypes.ts';

export interface GateDecisionEventInput {
  /** The decision's id: the event id, and the gate stream's id (`gate-<id>`). */
  readonly gateId: string;
  /** URI reference of who asked, e.g. `/shiplog/cli/gate`. */
  readonly source: string;
  readonly timestamp: Date | string;
  /** The artifact as it was asked about (digest and/or purl). */
  readonly artifact: ArtifactRef;
  readonly environment: string;
  readonly stage: PipelineStage;
  readonly service?: string;
  readonly decision: GateDecision;
}

/** The `gate.decided` event that records a decision, to be recorded through the recorder. */
export function gateDecisionEvent(input: GateDecisionEventInput): GateDecidedEvent {
  const { decision } = input;
  return createShiplogEvent<typeof gateDecidedType>(gateDecidedType, {
    id: input.gateId,
    source: input.source,
    timestamp: input.timestamp,
    subjectId: input.gateId,
    content: {
      gateId: input.gateId,
      stage: input.stage,
      environment: { id: input.environment },
      ...(input.service === undefined ? {} : { service: { id: input.service } }),
      artifact: input.artifact,
      decision: decision.decision,
      reasons: decision.reasons.map((r) => ({ code: r.code, message: r.message })),
      policy: { id: decision.policy.id, digest: decision.policy.digest },
      evidence: decision.evidence.map((e) => ({ eventId: e.eventId, hash: e.hash })),
      ignored: decision.ignored.map((e) => ({
        eventId: e.eventId,
        hash: e.hash,
        producer: e.producer,
        kinds: [...e.kinds],
      })),
      ...(decision.exceptions.length === 0
        ? {}
        : {
            exceptions: decision.exceptions.map((e) => ({
              ...e,
              waived: e.waived.map((r) => ({ code: r.code, message: r.message })),
            })),
          }),
    },
  });
}
