import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent, GateDecidedEvent } from '@shiplog/events';
import { defaultGatePolicy, parseGatePolicy, recheckGate, seed004QualityChecks } from '@shiplog/ledger';
import type { GateOutcome } from '@shiplog/ledger';
import { createSqliteEventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import {
  gatePipeline,
  isWorkerEvidence,
  recordAs,
  recordAsWorkers,
  releasedToStaging,
} from './gatePipeline.ts';
import { day, examplePolicy, releaseManagers, seed004Events } from './seed004Events.ts';

let dir: string;
let ledger: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-quality-gate-'));
  ledger = join(dir, 'ledger.db');
  env = { SHIPLOG_STORE: `sqlite:${ledger}`, SHIPLOG_GATE_POLICY: examplePolicy };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function emitLocal(events: readonly CDEvent[]): Promise<void> {
  const file = join(dir, `events-${Date.now()}-${Math.random()}.ndjson`);
  await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n'));
  const run = await shiplog(['emit', '--json', file], { cwd: dir, env });
  expect(run.code, run.stderr).toBe(0);
}

/** The pipeline to staging with every seed 004 check passing but accessibility (3 violations, score 82). */
async function recordFailingAccessibility() {
  const p = gatePipeline();
  const q = seed004Events({ digest: p.digest, purl: p.purl });
  const events = releasedToStaging(p);
  await recordAsWorkers(ledger, events.filter(isWorkerEvidence));
  await emitLocal([...events.filter((e) => !isWorkerEvidence(e)), ...q.passing(), q.accessibility(3, 82)]);
  return { p, q };
}

async function gate(digest: string): Promise<{ code: number | null; outcome: GateOutcome }> {
  const run = await shiplog(['gate', '--json', '--env', 'staging', '--artifact', digest], { cwd: dir, env });
  expect(run.stderr).toBe('');
  return { code: run.code, outcome: JSON.parse(run.stdout) as GateOutcome };
}

describe('seed 004 quality gates and recorded exceptions (the real CLI, embedded SQLite)', () => {
  it('ships an example policy file: the default checks plus seed 004 matrix at its thresholds', async () => {
    const policy = parseGatePolicy(JSON.parse(await readFile(examplePolicy, 'utf8')));
    expect(policy.require).toEqual({ ...defaultGatePolicy.require, ...seed004QualityChecks });
  });

  it('denies naming the failing check with what was measured and what is required; a valid exception then allows, named in the recorded decision', async () => {
    const { p, q } = await recordFailingAccessibility();
    const denied = await gate(p.digest);
    expect(denied.code).toBe(3);
    expect(denied.outcome.reasons.map((r) => r.code)).toEqual(['WCAG_VIOLATIONS', 'LIGHTHOUSE_BELOW_MIN']);
    expect(denied.outcome.reasons.map((r) => r.message)).toEqual([
      expect.stringMatching(/^3 WCAG 2\.2 AA violation\(s\) \(quality-\d+\), maximum 0$/),
      expect.stringMatching(/^Lighthouse score 82 \(quality-\d+\), minimum 90$/),
    ]);
    const text = await shiplog(['gate', '--env', 'staging', '--artifact', p.digest], { cwd: dir, env });
    expect(text.stdout).toContain('WCAG_VIOLATIONS: 3 WCAG 2.2 AA violation(s)');

    const exception = q.exception(new Date(Date.now() + 7 * day));
    await recordAs(ledger, releaseManagers, [exception]);
    const allowed = await gate(p.digest);
    expect(allowed.code).toBe(0);
    expect(allowed.outcome.reasons).toEqual([]);
    expect(allowed.outcome.exceptions.map((e) => [e.eventId, e.check, e.approver, e.producer])).toEqual([
      [exception.context.id, 'accessibility', 'dana@acme.example', releaseManagers],
    ]);
    expect(allowed.outcome.exceptions[0]?.waived.map((r) => r.code)).toEqual([
      'WCAG_VIOLATIONS',
      'LIGHTHOUSE_BELOW_MIN',
    ]);
    const allowedText = await shiplog(['gate', '--env', 'staging', '--artifact', p.digest], {
      cwd: dir,
      env,
    });
    expect(allowedText.stdout).toContain(`exception ${exception.context.id} lifted accessibility`);

    // `why` shows the exception in the artifact's chain, with who recorded it.
    const why = await shiplog(['why', '--json', p.digest], { cwd: dir, env });
    type Step = { stage: string; eventId: string; producer: string };
    const [chain] = (JSON.parse(why.stdout) as { artifacts: { steps: Step[] }[] }).artifacts;
    const steps = chain?.steps ?? [];
    expect(steps.filter((s) => s.stage === 'exception')).toEqual([
      expect.objectContaining({ eventId: exception.context.id, producer: releaseManagers }),
    ]);

    // The recorded decision names the exception, and re-checks to the same answer from its evidence.
    const store = await createSqliteEventStore(ledger);
    try {
      const record = await store.readEvent(allowed.outcome.gateId);
      const decided = JSON.parse(record?.data ?? '{}') as GateDecidedEvent;
      expect(decided.subject.content.exceptions?.map((e) => e.eventId)).toEqual([exception.context.id]);
      expect(decided.subject.content.evidence.map((e) => e.eventId)).toContain(exception.context.id);
      const policy = parseGatePolicy(JSON.parse(await readFile(examplePolicy, 'utf8')));
      expect((await recheckGate(store, decided, policy)).confirmed).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('denies again once the exception has expired, naming the expired exception', async () => {
    const { p, q } = await recordFailingAccessibility();
    const expired = q.exception(new Date(Date.now() - day));
    await recordAs(ledger, releaseManagers, [expired]);
    const { code, outcome } = await gate(p.digest);
    expect(code).toBe(3);
    expect(outcome.reasons.map((r) => r.code)).toEqual([
      'WCAG_VIOLATIONS',
      'LIGHTHOUSE_BELOW_MIN',
      'EXCEPTION_EXPIRED',
    ]);
    expect(outcome.reasons[2]?.message).toContain(`exception ${expired.context.id} for accessibility`);
    expect(outcome.exceptions).toEqual([]);
  });

  it('denies with an exception from a producer the policy does not let grant them, naming it as ignored', async () => {
    const { p, q } = await recordFailingAccessibility();
    const selfGranted = q.exception(new Date(Date.now() + 7 * day));
    await emitLocal([selfGranted]);
    const { code, outcome } = await gate(p.digest);
    expect(code).toBe(3);
    expect(outcome.reasons.map((r) => r.code)).toEqual([
      'WCAG_VIOLATIONS',
      'LIGHTHOUSE_BELOW_MIN',
      'EVIDENCE_UNTRUSTED_PRODUCER',
    ]);
    expect(outcome.reasons[2]?.message).toContain(`exception in event ${selfGranted.context.id} not counted`);
    expect(outcome.ignored).toEqual([
      expect.objectContaining({ eventId: selfGranted.context.id, producer: 'local', kinds: ['exception'] }),
    ]);
  });

  it('refuses at emit (exit 3) a result carrying another kind’s numbers, naming the field, and records nothing', async () => {
    const p = gatePipeline();
    const wrong = {
      context: {
        specversion: '0.5.1',
        id: 'wrong-kind-1',
        source: '/ci/acme',
        type: 'dev.cdeventsx.shiplog-verification.finished.0.1.0',
        timestamp: new Date().toISOString(),
      },
      subject: {
        id: 'wrong-kind-1',
        content: {
          kind: 'tests',
          outcome: 'pass',
          artifact: { digest: p.digest },
          measurements: { wcagViolations: 0 },
        },
      },
    };
    const run = await shiplog(['emit', '-'], { cwd: dir, env, stdin: JSON.stringify(wrong) });
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).toContain('/subject/content/measurements/wcagViolations');
    const store = await createSqliteEventStore(ledger);
    try {
      expect(await store.readEvent('wrong-kind-1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
