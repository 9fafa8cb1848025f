import type { VerificationMeasurements, WaivableCheck } from '@shiplog/events';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import { artifactOf } from '../ledgerFact.ts';
import type { GateChecks } from './gatePolicy.ts';
import { GateReasonCode } from './gateReasonCodes.ts';
import type { EvidenceKind } from './evidenceTrust.ts';
import type { EvidenceItem } from './gateEvidenceItems.ts';
import { counts, latest, sameArtifact } from './gateEvidenceItems.ts';
import type { GateReason } from './gateTypes.ts';

/** What one check found: its reasons to deny and the evidence it rested on. */
export interface CheckResult {
  readonly reasons: GateReason[];
  readonly used: EvidenceItem[];
  /** The kinds of evidence it reads: evidence of these kinds it could not count explains a denial. */
  readonly kinds: readonly EvidenceKind[];
  /** The check a recorded exception may lift for it, set by `waiveChecks` where there is one. */
  readonly waivable?: WaivableCheck;
}

function verifications(items: readonly EvidenceItem[], artifact: ArtifactIdentity, kind: string) {
  return items.filter(
    (i) => i.fact.kind === 'verification' && i.fact.check === kind && sameArtifact(artifact, i.fact.artifact),
  );
}

export function measurementsOf(item: EvidenceItem): VerificationMeasurements {
  return item.fact.kind === 'verification' ? item.fact.measurements : {};
}

export const outcomeOf = (item: EvidenceItem): string | undefined =>
  item.fact.kind === 'verification' ? item.fact.outcome : undefined;
export const reason = (code: GateReasonCode, message: string): GateReason => ({ code, message });
export const idOf = (item: EvidenceItem): string => item.evidence.event.context.id;

/** A check that needs one completed result of `kind`; `judge` reads the latest one. */
export function scanCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  kind: string,
  missing: GateReasonCode,
  judge: (item: EvidenceItem) => GateReason[],
): CheckResult {
  const found = verifications(items, artifact, kind);
  const last = latest(found);
  const kinds = ['verification'] as const;
  if (last === undefined)
    return { reasons: [reason(missing, `no ${kind} result for these bytes`)], used: [], kinds };
  if (outcomeOf(last) === 'error')
    return { reasons: [reason(missing, `the latest ${kind} (${idOf(last)}) errored`)], used: found, kinds };
  return { reasons: judge(last), used: found, kinds };
}

/** Every evidence check the merged rules ask for, in a fixed order. */
export function evidenceChecks(
  checks: GateChecks,
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
): CheckResult[] {
  const results: CheckResult[] = [];
  const about = items.filter((i) => {
    const about = artifactOf(i.fact);
    return about !== undefined && sameArtifact(artifact, about);
  });

  if (checks.build) {
    const builds = about.filter((i) => counts(i, 'build', 'workerBuild'));
    results.push({
      reasons: builds.length > 0 ? [] : [reason(GateReasonCode.ArtifactNotBuilt, 'no build of these bytes')],
      used: builds,
      kinds: ['build', 'workerBuild'],
    });
  }
  if (checks.tests) {
    results.push(
      scanCheck(items, artifact, 'tests', GateReasonCode.TestsMissing, (last) => {
        const failed = measurementsOf(last).testsFailed ?? 0;
        return outcomeOf(last) === 'pass' && failed === 0
          ? []
          : [
              reason(
                GateReasonCode.TestsFailing,
                `tests ${idOf(last)}: ${outcomeOf(last)}, ${failed} failed`,
              ),
            ];
      }),
    );
  }
  if (checks.coverage !== null) results.push(coverageCheck(items, artifact, checks.coverage.minPercent));
  if (checks.vulnerabilities !== null) {
    const { maxCritical, maxHigh } = checks.vulnerabilities;
    results.push(
      scanCheck(items, artifact, 'vulnerability-scan', GateReasonCode.VulnerabilityScanMissing, (last) => {
        const counts = measurementsOf(last).vulnerabilities;
        if (counts === undefined) {
          return outcomeOf(last) === 'pass'
            ? []
            : [reason(GateReasonCode.VulnerabilityFound, `scan ${idOf(last)} failed (no severity counts)`)];
        }
        const found: GateReason[] = [];
        if (counts.critical > maxCritical)
          found.push(
            reason(GateReasonCode.VulnerabilityCritical, `${counts.critical} critical (max ${maxCritical})`),
          );
        if (counts.high > maxHigh)
          found.push(reason(GateReasonCode.VulnerabilityHigh, `${counts.high} high (max ${maxHigh})`));
        return found;
      }),
    );
  }
  if (checks.secretScan) {
    results.push(
      scanCheck(items, artifact, 'secret-scan', GateReasonCode.SecretScanMissing, (last) => {
        const secrets = measurementsOf(last).secretsFound ?? 0;
        return outcomeOf(last) === 'pass' && secrets === 0
          ? []
          : [
              reason(
                GateReasonCode.SecretFound,
                `secret scan ${idOf(last)}: ${outcomeOf(last)}, ${secrets} found`,
              ),
            ];
      }),
    );
  }
  if (checks.licenceCheck) {
    results.push(
      scanCheck(items, artifact, 'licence-check', GateReasonCode.LicenceCheckMissing, (last) => {
        const denied = measurementsOf(last).licencesDenied ?? [];
        return outcomeOf(last) === 'pass' && denied.length === 0
          ? []
          : [
              reason(
                GateReasonCode.LicenceDenied,
                `licence check ${idOf(last)}: ${outcomeOf(last)}${denied.length > 0 ? `, denied ${denied.join(', ')}` : ''}`,
              ),
            ];
      }),
    );
  }
  if (checks.sbom) {
    const sboms = about.filter((i) => counts(i, 'sbom'));
    results.push({
      reasons: sboms.length > 0 ? [] : [reason(GateReasonCode.SbomMissing, 'no SBOM for these bytes')],
      used: sboms,
      kinds: ['sbom'],
    });
  }
  if (checks.signature) {
    const signatures = about.filter((i) => counts(i, 'signature', 'attestation'));
    results.push({
      reasons:
        signatures.length > 0 ? [] : [reason(GateReasonCode.SignatureMissing, 'no signature or attestation')],
      used: signatures,
      kinds: ['signature', 'attestation'],
    });
  }
  return results;
}

function coverageCheck(items: readonly EvidenceItem[], artifact: ArtifactIdentity, min: number): CheckResult {
  const found = items.filter(
    (i) =>
      i.fact.kind === 'verification' &&
      sameArtifact(artifact, i.fact.artifact) &&
      outcomeOf(i) !== 'error' &&
      (i.fact.check === 'coverage' || measurementsOf(i).coveragePercent !== undefined),
  );
  const last = latest(found);
  const percent = last === undefined ? undefined : measurementsOf(last).coveragePercent;
  const kinds = ['verification'] as const;
  if (last === undefined || (percent === undefined && outcomeOf(last) === 'pass'))
    return {
      reasons: [reason(GateReasonCode.CoverageMissing, 'no coverage percentage recorded')],
      used: found,
      kinds,
    };
  if (percent === undefined || percent < min) {
    const shown = percent === undefined ? `coverage check ${idOf(last)} failed` : `coverage ${percent}%`;
    return {
      reasons: [reason(GateReasonCode.CoverageBelowMin, `${shown}, minimum ${min}%`)],
      used: found,
      kinds,
    };
  }
  return { reasons: [], used: found, kinds };
}
