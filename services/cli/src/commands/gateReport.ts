import type { GateOutcome } from '@shiplog/ledger';

/** The human-readable form of a gate decision (the `--json` form is the outcome itself). */
export function formatGateOutcome(outcome: GateOutcome): string {
  const artifact = outcome.artifact.purl ?? outcome.artifact.digest ?? '';
  const where =
    outcome.service === undefined ? outcome.environment : `${outcome.environment}/${outcome.service}`;
  const lines = [
    `${outcome.decision.toUpperCase()}: ${artifact} may ${outcome.decision === 'allow' ? '' : 'not '}enter ${outcome.stage} in ${where}`,
    ...outcome.reasons.map((r) => `  ${r.code}: ${r.message}`),
    `policy ${outcome.policy.id} (${outcome.policy.digest})`,
    `evidence: ${outcome.evidence.length} recorded event(s)`,
    ...outcome.ignored.map(
      (i) => `  ignored ${i.eventId} from ${i.producer}: may not report ${i.kinds.join(', ')}`,
    ),
    ...outcome.exceptions.flatMap((e) => [
      `exception ${e.eventId} lifted ${e.check} until ${e.expiresAt}: approved by ${e.approver} (recorded by ${e.producer}): ${e.reason}`,
      ...e.waived.map((r) => `  waived ${r.code}: ${r.message}`),
    ]),
  ];
  const recorded = outcome.recorded;
  lines.push(
    recorded.status === 'refused'
      ? `decision NOT recorded: ${recorded.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`
      : `recorded as gate.decided ${outcome.gateId} (position ${recorded.position})`,
  );
  return `${lines.join('\n')}\n`;
}
