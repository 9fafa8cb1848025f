import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCDEvent } from '../parseCDEvent.ts';
import { verificationFinishedEvent, verificationFinishedType } from './verificationFinished.ts';

const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);
const jsonSchemaValid = ajv.compile(
  z.toJSONSchema(verificationFinishedEvent, { target: 'draft-2020-12', io: 'input' }),
);

function result(kind: string, outcome: string, measurements?: Record<string, unknown>): unknown {
  return {
    context: {
      specversion: '0.5.1',
      id: `v-${kind}-${outcome}`,
      source: '/ci/acme',
      type: verificationFinishedType,
      timestamp: '2026-03-01T08:00:00Z',
    },
    subject: {
      id: `v-${kind}`,
      content: {
        kind,
        outcome,
        artifact: { digest: `sha256:${'a'.repeat(64)}` },
        ...(measurements === undefined ? {} : { measurements }),
      },
    },
  };
}

const accepted: [string, unknown][] = [
  ['lint with its error count', result('lint', 'fail', { lintErrors: 3 })],
  ['typecheck with its error count', result('typecheck', 'pass', { typeErrors: 0 })],
  ['contract with its violations', result('contract', 'fail', { contractViolations: 2 })],
  [
    'accessibility with WCAG violations and a Lighthouse score',
    result('accessibility', 'pass', { wcagViolations: 0, lighthouseScore: 96 }),
  ],
  ['e2e with failed tests counted', result('e2e', 'pass', { testsPassed: 40, testsFailed: 0 })],
  ['an accessibility check that errored, without numbers', result('accessibility', 'error')],
  ['an older kind without numbers, as stored before', result('lint', 'pass')],
];

const refused: [string, unknown, string][] = [
  [
    'WCAG violations on a tests result',
    result('tests', 'pass', { wcagViolations: 0 }),
    '/subject/content/measurements/wcagViolations',
  ],
  [
    'lint errors on a typecheck result',
    result('typecheck', 'fail', { lintErrors: 1 }),
    '/subject/content/measurements/lintErrors',
  ],
  [
    'an accessibility pass without WCAG violations counted',
    result('accessibility', 'pass', { lighthouseScore: 99 }),
    '/subject/content/measurements/wcagViolations',
  ],
  [
    'an e2e failure without failed tests counted',
    result('e2e', 'fail', { testsPassed: 3 }),
    '/subject/content/measurements/testsFailed',
  ],
  [
    'a Lighthouse score over 100',
    result('accessibility', 'pass', { wcagViolations: 0, lighthouseScore: 101 }),
    '/subject/content/measurements/lighthouseScore',
  ],
];

describe('verification.finished: each kind carries its own numbers (seed 004)', () => {
  it.each(accepted)('accepts %s (zod and the exported JSON Schema)', (_, value) => {
    expect(parseCDEvent(value)).toMatchObject({ ok: true });
    expect(jsonSchemaValid(value)).toBe(true);
  });

  it.each(refused)(
    'refuses %s, naming the measurement (zod and the exported JSON Schema)',
    (_, value, path) => {
      const parsed = parseCDEvent(value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problems.map((p) => p.path)).toContain(path);
      }
      expect(jsonSchemaValid(value)).toBe(false);
    },
  );
});
