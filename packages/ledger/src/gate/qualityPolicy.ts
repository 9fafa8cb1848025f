import { z } from 'zod';

const count = z.int().nonnegative();

/**
 * The checks of seed 004's quality-gate matrix beyond tests, coverage and the security scans, as
 * fields of a policy's `require` (and of its stage and environment overrides). Each is optional:
 * absent means not asked, so policy files written before keep their meaning and their digest.
 */
export const qualityCheckFields = {
  /** A `lint` result that passed with no `lintErrors`: `LINT_MISSING`, `LINT_FAILING`. */
  lint: z.boolean().optional(),
  /** A `typecheck` result that passed with no `typeErrors`: `TYPECHECK_MISSING`, `TYPECHECK_FAILING`. */
  typecheck: z.boolean().optional(),
  /**
   * The latest `benchmark` result's p95 at most `maxP95Ms`, and, with `maxRegressionPercent`, at
   * most that much over the baseline p95 it recorded (`baselineP95Ms`); or null for no rule.
   */
  performance: z
    .strictObject({
      maxP95Ms: z.number().positive(),
      maxRegressionPercent: z.number().nonnegative().optional(),
    })
    .nullable()
    .optional(),
  /**
   * The latest `accessibility` result with at most `maxWcagViolations` (default 0) WCAG 2.2 AA
   * violations and a Lighthouse score of at least `minLighthouseScore` (default 90; null: no score
   * rule), or null for no rule.
   */
  accessibility: z
    .strictObject({
      maxWcagViolations: count.default(0),
      minLighthouseScore: z.number().min(0).max(100).nullable().default(90),
    })
    .nullable()
    .optional(),
  /** A `contract` result that passed with no `contractViolations`: `CONTRACT_MISSING`, `CONTRACT_VIOLATED`. */
  apiContract: z.boolean().optional(),
  /** An `e2e` result that passed with no failed tests: `E2E_MISSING`, `E2E_FAILING`. */
  e2e: z.boolean().optional(),
};

/**
 * Seed 004's thresholds for these checks: lint and type checks clean, p95 under 500 ms, no WCAG 2.2
 * AA violation and a Lighthouse accessibility score of 90, the API contract and the E2E suite
 * passing. Spread them into a policy's `require` (see `examples/policies/seed-004-quality-gates.json`).
 */
export const seed004QualityChecks = Object.freeze({
  lint: true,
  typecheck: true,
  performance: Object.freeze({ maxP95Ms: 500 }),
  accessibility: Object.freeze({ maxWcagViolations: 0, minLighthouseScore: 90 }),
  apiContract: true,
  e2e: true,
});
