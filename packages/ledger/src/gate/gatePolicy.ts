import { hash } from 'node:crypto';
import { z } from 'zod';
import { pipelineStage } from '@shiplog/events';
import { canonicalJson } from '../canonicalJson.ts';
import { producerPattern } from '../producerIdentity.ts';
import { defaultEvidenceProducers, evidenceKinds } from './evidenceTrust.ts';
import type { EvidenceProducers } from './evidenceTrust.ts';
import { GateError, GateErrorCode } from './gateErrors.ts';
import { qualityCheckFields } from './qualityPolicy.ts';
import { approvalEnvironmentOf } from '../environmentIdentity.ts';

const count = z.int().nonnegative();
const environmentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be an environment name');

/** The evidence checks a gate can require (seeds 003/004: the quality-gate matrix). */
export const gateChecksSchema = z.strictObject({
  /** The bytes were built: `ARTIFACT_NOT_BUILT`. */
  build: z.boolean(),
  /** A passing test run: `TESTS_MISSING`, `TESTS_FAILING`. */
  tests: z.boolean(),
  /** Coverage at least `minPercent`, or null for no coverage rule. */
  coverage: z.strictObject({ minPercent: z.number().min(0).max(100) }).nullable(),
  /** A vulnerability scan with at most this many critical/high findings, or null for no rule. */
  vulnerabilities: z.strictObject({ maxCritical: count, maxHigh: count }).nullable(),
  secretScan: z.boolean(),
  licenceCheck: z.boolean(),
  sbom: z.boolean(),
  signature: z.boolean(),
  ...qualityCheckFields,
});
export type GateChecks = z.infer<typeof gateChecksSchema>;

/** What one environment adds: overrides of the checks, approvals, and environments to pass first. */
export const gateEnvironmentSchema = z.strictObject({
  require: gateChecksSchema.partial().optional(),
  approvals: z.strictObject({ min: z.int().min(1) }).optional(),
  /** The same bytes must be deployed and post-deploy-verified in each of these first. */
  priorEnvironments: z.array(environmentName).optional(),
});
export type GateEnvironmentRules = z.infer<typeof gateEnvironmentSchema>;

const producerList = z.array(
  z
    .string()
    .regex(producerPattern, 'must be an identity (api:ci, shiplog-workers), a prefix ending in *, or *'),
);

/**
 * Who may report each kind of evidence, over `defaultEvidenceProducers` (kinds not named keep
 * their default). An empty list means no one: that kind of evidence never counts.
 */
export const evidenceProducersSchema = z.partialRecord(z.enum(evidenceKinds), producerList);

/**
 * A gate policy (JSON): base checks, overridden by stage, then by environment. Validated once,
 * then its digest (sha256 of its canonical JSON) names it in every decision.
 */
export const gatePolicySchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  require: gateChecksSchema,
  stages: z.partialRecord(pipelineStage, gateChecksSchema.partial()).optional(),
  environments: z.record(environmentName, gateEnvironmentSchema).optional(),
  evidenceProducers: evidenceProducersSchema.optional(),
});
export type GatePolicy = z.infer<typeof gatePolicySchema>;

/** The rules one request is held to, once base, stage and environment are merged. */
export interface EffectiveGateRules {
  readonly checks: GateChecks;
  readonly approvals?: { readonly min: number };
  readonly priorEnvironments: readonly string[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The default: every quality gate of seeds 003/004; production also needs an approval and staging first. */
export const defaultGatePolicy: GatePolicy = deepFreeze({
  id: 'shiplog-default-v1',
  description:
    'Quality gates of seeds 003/004; production needs an approval and a verified staging deployment',
  require: {
    build: true,
    tests: true,
    coverage: { minPercent: 80 },
    vulnerabilities: { maxCritical: 0, maxHigh: 0 },
    secretScan: true,
    licenceCheck: true,
    sbom: true,
    signature: true,
  },
  environments: {
    production: { approvals: { min: 1 }, priorEnvironments: ['staging'] },
  },
});

function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * Validates a policy document. Throws `GATE_POLICY_INVALID` naming every bad field (JSON pointers
 * in `problems` and in the message).
 */
export function parseGatePolicy(value: unknown): GatePolicy {
  const result = gatePolicySchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = keys.length === 1 ? [...issue.path, keys[0] as string] : issue.path;
    return { path: pointer(at) || '/', message: issue.message };
  });
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new GateError(GateErrorCode.PolicyInvalid, `invalid gate policy: ${summary}`, {
    problems,
    cause: result.error,
  });
}

/** `sha256:<hex>` of the policy's canonical JSON: the name a decision records it by. */
export function policyDigest(policy: GatePolicy): string {
  return `sha256:${hash('sha256', canonicalJson(policy), 'hex')}`;
}

/**
 * Merges base, stage and environment rules for one request. The environment's rules are those of
 * the policy's environment it is (by `environmentIdentity`: `Production` is `production`) or looks
 * like (by skeleton: `prоduction` with a Cyrillic `о`), so no spelling escapes them.
 */
export function effectiveGateRules(
  policy: GatePolicy,
  stage: z.infer<typeof pipelineStage>,
  environment: string,
): EffectiveGateRules {
  const named = approvalEnvironmentOf(environment, Object.keys(policy.environments ?? {}));
  const forEnvironment = named === undefined ? undefined : policy.environments?.[named.environment];
  const checks = { ...policy.require, ...policy.stages?.[stage], ...forEnvironment?.require };
  return {
    checks,
    ...(forEnvironment?.approvals === undefined ? {} : { approvals: forEnvironment.approvals }),
    priorEnvironments: forEnvironment?.priorEnvironments ?? [],
  };
}

/** Who may report each kind of evidence under this policy: its `evidenceProducers` over the default. */
export function effectiveEvidenceProducers(policy: GatePolicy): EvidenceProducers {
  return { ...defaultEvidenceProducers, ...policy.evidenceProducers };
}
