import { instantMs } from '@shiplog/events';
import type { WaivableCheck } from '@shiplog/events';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import { environmentIdentity } from '../environmentIdentity.ts';
import type { CheckResult } from './gateChecks.ts';
import type { EvidenceItem } from './gateEvidenceItems.ts';
import { counts, sameArtifact } from './gateEvidenceItems.ts';
import { GateReasonCode } from './gateReasonCodes.ts';
import type { GateException, GateReason } from './gateTypes.ts';

const C = GateReasonCode;

/** The check each failing reason belongs to, by the name an exception gives it. */
const checkOfReason: Readonly<Partial<Record<string, WaivableCheck>>> = {
  [C.TestsMissing]: 'tests',
  [C.TestsFailing]: 'tests',
  [C.CoverageMissing]: 'coverage',
  [C.CoverageBelowMin]: 'coverage',
  [C.VulnerabilityScanMissing]: 'vulnerabilities',
  [C.VulnerabilityCritical]: 'vulnerabilities',
  [C.VulnerabilityHigh]: 'vulnerabilities',
  [C.VulnerabilityFound]: 'vulnerabilities',
  [C.SecretScanMissing]: 'secretScan',
  [C.SecretFound]: 'secretScan',
  [C.LicenceCheckMissing]: 'licenceCheck',
  [C.LicenceDenied]: 'licenceCheck',
  [C.LintMissing]: 'lint',
  [C.LintFailing]: 'lint',
  [C.TypecheckMissing]: 'typecheck',
  [C.TypecheckFailing]: 'typecheck',
  [C.PerformanceMissing]: 'performance',
  [C.PerformanceP95Over]: 'performance',
  [C.PerformanceRegressed]: 'performance',
  [C.AccessibilityMissing]: 'accessibility',
  [C.WcagViolations]: 'accessibility',
  [C.LighthouseBelowMin]: 'accessibility',
  [C.ContractMissing]: 'apiContract',
  [C.ContractViolated]: 'apiContract',
  [C.E2eMissing]: 'e2e',
  [C.E2eFailing]: 'e2e',
};

/** The one waivable check a failed result belongs to, if every reason it gives is of that check. */
function waivableCheckOf(result: CheckResult): WaivableCheck | undefined {
  const checks = new Set(result.reasons.map((r) => checkOfReason[r.code]));
  const [only] = checks;
  return checks.size === 1 ? only : undefined;
}

export interface ExceptionScope {
  readonly artifact: ArtifactIdentity;
  readonly environment: string;
  /** The gate's clock: an exception counts while it is before `expiresAt`. Without it none counts. */
  readonly now?: Date | undefined;
}

export interface WaivedResults {
  readonly results: CheckResult[];
  /** The exceptions that lifted a failing check, with what they lifted. */
  readonly exceptions: GateException[];
}

/**
 * Lifts failing checks that a recorded exception covers: one for the same bytes and check, in this
 * environment or every one, from a producer the policy lets grant exceptions (the others never
 * reach here: `evidenceItems` leaves them out and the decision names them as ignored), and not
 * yet expired at the gate's clock. The latest such exception is used and named. A check whose
 * exceptions have all expired still fails, and says which one expired.
 */
export function waiveChecks(
  results: readonly CheckResult[],
  items: readonly EvidenceItem[],
  scope: ExceptionScope,
): WaivedResults {
  const now = scope.now === undefined ? undefined : scope.now.getTime();
  const exceptions: GateException[] = [];
  const waived = results.map((result): CheckResult => {
    const check = waivableCheckOf(result);
    if (check === undefined) return result;
    const kinds = [...result.kinds, 'exception' as const];
    const waivable = { kinds, waivable: check };
    const covering = items.flatMap((item) =>
      // evidenceItems already leaves out exceptions from producers the policy does not trust; kept so no path admits one.
      item.fact.kind === 'exception' &&
      counts(item, 'exception') &&
      item.fact.check === check &&
      sameArtifact(scope.artifact, item.fact.artifact) &&
      (item.fact.environment === undefined ||
        environmentIdentity(item.fact.environment) === environmentIdentity(scope.environment))
        ? [{ item, fact: item.fact }]
        : [],
    );
    const used = covering.findLast(
      ({ fact }) => now !== undefined && now < (instantMs(fact.expiresAt) ?? -Infinity),
    );
    if (used !== undefined) {
      const { item, fact } = used;
      exceptions.push({
        eventId: item.evidence.event.context.id,
        hash: `sha256:${item.evidence.hash}`,
        producer: item.evidence.producer,
        check,
        approver: fact.approver,
        reason: fact.reason,
        expiresAt: fact.expiresAt,
        waived: result.reasons,
      });
      return { reasons: [], used: [...result.used, item], ...waivable };
    }
    const expired = covering.at(-1);
    const reasons: GateReason[] = [...result.reasons];
    if (expired !== undefined) {
      const { item, fact } = expired;
      const why =
        now === undefined ? 'not counted: the gate was given no clock' : `expired at ${fact.expiresAt}`;
      reasons.push({
        code: C.ExceptionExpired,
        message: `exception ${item.evidence.event.context.id} for ${check} (approved by ${fact.approver}, recorded by ${item.evidence.producer}) ${why}`,
      });
    }
    return { reasons, used: [...result.used, ...covering.map((c) => c.item)], ...waivable };
  });
  return { results: waived, exceptions };
}

/**
 * Whether evidence the gate did not count bears on a failed check: an untrusted exception only on
 * the check it names; anything else on every check that reads its kind.
 */
export function bearsOn(result: CheckResult, item: EvidenceItem): boolean {
  return item.fact.kind !== 'exception' || item.fact.check === result.waivable;
}
