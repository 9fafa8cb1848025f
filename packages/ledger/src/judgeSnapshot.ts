import type { LedgerFact } from './ledgerFact.ts';
import type { LedgerView } from './ledgerView.ts';
import { evidenceFor, targetKey } from './ledgerView.ts';
import { runtimeDrift, unrecordedDigests } from './runtimeDrift.ts';
import type { RuntimeComparison } from './runtimeDrift.ts';
import { ViolationCode } from './violations.ts';
import type { Violation } from './violations.ts';

type Snapshot = Extract<LedgerFact, { kind: 'snapshot' }>;

/** The digests the recorded deployment of `environment/service` stands for; undefined when none is recorded. */
export function recordedDigests(
  view: LedgerView,
  environment: string,
  service: string,
): string[] | undefined {
  const deployment = view.deployments.get(targetKey({ environment, service }));
  if (deployment === undefined) return undefined;
  const { artifact } = deployment;
  if (artifact.digest !== undefined) return [artifact.digest];
  // Deployed by name@version only: it stands for the bytes built under that name@version.
  const builds = evidenceFor(view, artifact).builds;
  return [...new Set(builds.map((b) => b.digest).filter((d): d is string => d !== undefined))];
}

/** The services of an environment that have a recorded deployment. */
function recordedServices(view: LedgerView, environment: string): string[] {
  const prefix = `${environment}/`;
  return [...view.deployments.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

function violationOf(
  environment: string,
  service: string,
  c: RuntimeComparison,
  recordedAs: string | undefined,
): Violation | undefined {
  const code = runtimeDrift(c);
  const target = { environment, service };
  if (code === ViolationCode.RecordedButNotRunning) {
    return {
      code,
      severity: 'high',
      target,
      message: `${service} in ${environment} is recorded as deployed (${recordedAs ?? 'no digest'}) but the snapshot does not see it running`,
    };
  }
  if (code === ViolationCode.UnrecordedRuntimeChange) {
    const running = unrecordedDigests(c);
    const first = running[0];
    return {
      code,
      severity: 'critical',
      target,
      ...(first === undefined ? {} : { artifact: { digest: first } }),
      message:
        c.recorded === undefined
          ? `${service} runs ${running.join(', ')} in ${environment} but no deployment of it was recorded: a manual runtime change`
          : `${service} runs ${running.join(', ')} in ${environment} but the ledger recorded ${recordedAs ?? 'no digest'}: a manual runtime change`,
    };
  }
  return undefined;
}

/**
 * Judges a snapshot of an environment against the deployments recorded there: each service whose
 * running bytes differ gets its own violation (seed 001: manual runtime modification is forbidden).
 */
export function judgeSnapshot(view: LedgerView, fact: Snapshot): Violation[] {
  const observed = new Map<string, string[]>();
  for (const o of fact.observed) {
    const digests = observed.get(o.service) ?? [];
    if (!digests.includes(o.digest)) digests.push(o.digest);
    observed.set(o.service, digests);
  }
  const services = new Set([...observed.keys(), ...recordedServices(view, fact.environment)]);
  const found: Violation[] = [];
  for (const service of [...services].sort()) {
    const recorded = recordedDigests(view, fact.environment, service);
    const deployment = view.deployments.get(targetKey({ environment: fact.environment, service }));
    const recordedAs = deployment?.artifact.digest ?? deployment?.artifact.nameVersion;
    const c = { recorded, observed: observed.get(service) ?? [], complete: fact.complete };
    const violation = violationOf(fact.environment, service, c, recordedAs);
    if (violation !== undefined) found.push(violation);
  }
  return found;
}
