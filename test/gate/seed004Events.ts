import { join } from 'node:path';
import { parseCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';

/** One day in milliseconds. */
export const day = 86_400_000;

/** The seed 004 policy shipped in examples/. */
export const examplePolicy = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'policies',
  'seed-004-quality-gates.json',
);

/** The identity the example policy lets grant exceptions. */
export const releaseManagers = 'api:release-managers';

/** A CI's seed 004 results for the pipeline's bytes, and an approver's exception, as valid events. */
export function seed004Events(artifact: { digest: string; purl: string }, prefix = 'quality') {
  let n = 0;
  const event = (type: string, content: Record<string, unknown>, at = new Date()): CDEvent => {
    n += 1;
    const parsed = parseCDEvent({
      context: {
        specversion: '0.5.1',
        id: `${prefix}-${n}`,
        source: '/ci/acme',
        type,
        timestamp: at.toISOString(),
      },
      subject: { id: `${prefix}-${n}`, content },
    });
    if (!parsed.ok) throw new Error(`${type}: ${JSON.stringify(parsed.problems)}`);
    return parsed.event;
  };
  const result = (kind: string, outcome: string, measurements: Record<string, unknown>) =>
    event('dev.cdeventsx.shiplog-verification.finished.0.1.0', { kind, outcome, artifact, measurements });
  return {
    passing: () => [
      result('lint', 'pass', { lintErrors: 0 }),
      result('typecheck', 'pass', { typeErrors: 0 }),
      result('benchmark', 'pass', { benchmark: { name: 'checkout-load', p95Ms: 212 } }),
      result('contract', 'pass', { contractViolations: 0 }),
      result('e2e', 'pass', { testsPassed: 64, testsFailed: 0 }),
    ],
    accessibility: (wcagViolations: number, lighthouseScore: number) =>
      result('accessibility', wcagViolations > 0 ? 'fail' : 'pass', { wcagViolations, lighthouseScore }),
    exception: (expiresAt: Date, granted = new Date(expiresAt.getTime() - 30 * day)) =>
      event(
        'dev.cdeventsx.shiplog-exception.granted.0.1.0',
        {
          check: 'accessibility',
          artifact,
          environment: { id: 'staging' },
          approver: { id: 'dana@acme.example', name: 'Dana' },
          reason: 'colour-contrast fixes ship in 2.1.1 (A11Y-31)',
          expiresAt: expiresAt.toISOString(),
        },
        granted,
      ),
  };
}
