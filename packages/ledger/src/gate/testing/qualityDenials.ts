import type { CDEvent } from '@shiplog/events';
import { defaultGatePolicy, parseGatePolicy } from '../gatePolicy.ts';
import type { GatePolicy } from '../gatePolicy.ts';
import { GateReasonCode } from '../gateReasonCodes.ts';
import { seed004QualityChecks } from '../qualityPolicy.ts';
import type { GateEventFixture, PassingQualityEvents } from './gateEvidenceFixture.ts';

/** A policy's `require` that asks for nothing: spread a check over it to test that check alone. */
export const nothingRequired = Object.freeze({
  build: false,
  tests: false,
  coverage: null,
  vulnerabilities: null,
  secretScan: false,
  licenceCheck: false,
  sbom: false,
  signature: false,
});

/** The default policy with seed 004's further checks at their seed thresholds. */
export const seed004Policy: GatePolicy = parseGatePolicy({
  ...defaultGatePolicy,
  id: 'seed-004-quality-gates',
  require: { ...defaultGatePolicy.require, ...seed004QualityChecks },
});

/** The identity `exceptionPolicy` lets grant exceptions. */
export const releaseManagers = 'api:release-managers';

/** Seed 004's checks, and exceptions granted only by the release managers' approvals tool. */
export const exceptionPolicy: GatePolicy = parseGatePolicy({
  ...seed004Policy,
  evidenceProducers: { exception: [releaseManagers] },
});

type Later = (f: GateEventFixture) => CDEvent[];

/**
 * One denial per reason code of seed 004's further checks: the passing quality evidence without
 * some of it, plus a later result that breaks the rule.
 */
export const qualityDenials: readonly (readonly [
  GateReasonCode,
  readonly (keyof PassingQualityEvents)[],
  Later,
])[] = [
  [GateReasonCode.LintMissing, ['lint'], () => []],
  [GateReasonCode.LintFailing, [], (f) => [f.lint(3)]],
  [GateReasonCode.TypecheckMissing, ['typecheck'], () => []],
  [GateReasonCode.TypecheckFailing, [], (f) => [f.typecheck(1)]],
  [GateReasonCode.PerformanceMissing, ['benchmark'], () => []],
  [GateReasonCode.PerformanceP95Over, [], (f) => [f.benchmark(612, 'pass', 600)]],
  [GateReasonCode.AccessibilityMissing, ['accessibility'], () => []],
  [GateReasonCode.WcagViolations, [], (f) => [f.accessibility(2, 97)]],
  [GateReasonCode.LighthouseBelowMin, [], (f) => [f.accessibility(0, 85)]],
  [GateReasonCode.ContractMissing, ['contract'], () => []],
  [GateReasonCode.ContractViolated, [], (f) => [f.contract(1)]],
  [GateReasonCode.E2eMissing, ['e2e'], () => []],
  [GateReasonCode.E2eFailing, [], (f) => [f.e2e(2)]],
];
