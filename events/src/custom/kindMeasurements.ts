import type { z } from 'zod';
import type {
  VerificationKind,
  VerificationMeasurements,
  VerificationOutcome,
} from './verificationFinished.ts';

type MeasurementName = keyof VerificationMeasurements;

/**
 * The numbers that belong to one kind of verification (seed 004's matrix): only that kind may carry
 * them, so `wcagViolations` on a `tests` result is refused rather than read as something it is not.
 */
export const measurementKinds = {
  lintErrors: 'lint',
  typeErrors: 'typecheck',
  contractViolations: 'contract',
  wcagViolations: 'accessibility',
  lighthouseScore: 'accessibility',
} as const satisfies Partial<Record<MeasurementName, VerificationKind>>;

/**
 * The numbers a kind must carry unless the check errored. Only kinds added with seed 004's matrix
 * require any: the older kinds keep their numbers optional, so every event stored under this
 * version stays valid.
 */
export const requiredMeasurements = {
  accessibility: ['wcagViolations'],
  e2e: ['testsFailed'],
} as const satisfies Partial<Record<VerificationKind, readonly MeasurementName[]>>;

interface KindAndNumbers {
  readonly kind: VerificationKind;
  readonly outcome: VerificationOutcome;
  readonly measurements?: VerificationMeasurements | undefined;
}

/** Adds an issue for each number the kind may not carry and each one it must carry but lacks. */
export function kindMeasurementProblems(content: KindAndNumbers, ctx: z.RefinementCtx): void {
  const numbers = content.measurements ?? {};
  for (const [name, kind] of Object.entries(measurementKinds)) {
    if (name in numbers && kind !== content.kind) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} is measured by kind '${kind}', not '${content.kind}'`,
        path: ['measurements', name],
      });
    }
  }
  if (content.outcome === 'error') return;
  const required: readonly MeasurementName[] =
    (requiredMeasurements as Partial<Record<VerificationKind, readonly MeasurementName[]>>)[content.kind] ??
    [];
  for (const name of required) {
    if (numbers[name] === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `a '${content.kind}' result that did not error must carry measurements.${name}`,
        path: ['measurements', name],
      });
    }
  }
}

/**
 * The same rules in JSON Schema (`allOf` of if/then), for the exported schema: a producer
 * validating with any JSON Schema tool is held to what zod holds it to.
 */
export function kindMeasurementJsonSchema(): object[] {
  const carried = Object.entries(measurementKinds).map(([name, kind]) => ({
    if: { required: ['measurements'], properties: { measurements: { required: [name] } } },
    then: { properties: { kind: { const: kind } } },
  }));
  const required = Object.entries(requiredMeasurements).map(([kind, names]) => ({
    if: {
      required: ['kind', 'outcome'],
      properties: { kind: { const: kind }, outcome: { not: { const: 'error' } } },
    },
    then: { required: ['measurements'], properties: { measurements: { required: [...names] } } },
  }));
  return [...carried, ...required];
}
