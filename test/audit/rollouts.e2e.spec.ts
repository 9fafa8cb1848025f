// Issue #19, the deploy half of the contract, through the real `shiplog` binary on the embedded
// store: a canary whose 50% window fails, shiplog's own rollback decision to the last healthy
// version, a completion claimed after the failure, a late redeploy of the old version, a deploy the
// gate denied — and what `deployed`, `rollback-target`, `history`, `why` and `dora` say about them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent } from '@shiplog/sdk';
import type { CDEvent, KnownEventType } from '@shiplog/events';
import { shiplog as runShiplog } from '../support/shiplogCli.ts';

let dir: string;
const env = () => ({ SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}` });
const shiplog = (args: readonly string[], stdin?: string) =>
  runShiplog(args, { cwd: dir, env: env(), ...(stdin === undefined ? {} : { stdin }) });

const at = (hh: number, mm = 0, ss = 0): string =>
  `2026-03-02T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}Z`;
const digestOf = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
let n = 0;
const make = (
  type: KnownEventType,
  timestamp: string,
  subjectId: string,
  content: Record<string, unknown>,
): CDEvent => buildEvent(type, { id: `e${++n}`, source: '/cd/shop', timestamp, subjectId, content: content });

function version(v: string, digest: number) {
  const purl = `pkg:oci/shop@${digestOf(digest)}?tag=${v}`;
  const artifact = { digest: digestOf(digest), purl };
  const target = { environment: { id: 'production' }, service: { id: 'shop' } };
  const checks = (outcome: 'pass' | 'fail') => [
    {
      name: 'error rate',
      kind: 'error-rate',
      outcome,
      observed: outcome === 'pass' ? 0.002 : 0.12,
      threshold: 0.01,
    },
  ];
  const step = (index: number, weightPercent: number) => ({
    index,
    of: 3,
    weightPercent,
    windowSeconds: 900,
  });
  return {
    purl,
    digest: artifact.digest,
    released: (hh: number): CDEvent[] => [
      make('dev.cdevents.change.created.0.4.0', at(hh), `PR-${v}`, { repository: { id: 'acme/shop' } }),
      make('dev.cdevents.artifact.packaged.0.3.0', at(hh, 1), purl, { change: { id: `PR-${v}` } }),
      make('dev.cdeventsx.shiplog-verification.finished.0.1.0', at(hh, 2), `tests-${v}`, {
        kind: 'tests',
        outcome: 'pass',
        artifact,
      }),
      make('dev.cdevents.artifact.published.0.3.0', at(hh, 3), purl, {}),
      make('dev.cdeventsx.shiplog-approval.granted.0.1.0', at(hh, 4), `approval-${v}`, {
        approver: { id: 'alice' },
        environment: { id: 'production' },
        artifact,
      }),
    ],
    deployed: (t: string) =>
      make('dev.cdevents.service.deployed.0.3.0', t, 'shop', {
        environment: { id: 'production' },
        artifactId: purl,
      }),
    verified: (t: string, outcome: 'pass' | 'fail') =>
      make('dev.cdeventsx.shiplog-deployment.verified.0.1.0', t, `checks-${v}`, {
        ...target,
        artifact,
        outcome,
        checks: checks(outcome),
      }),
    completed: (t: string) =>
      make('dev.cdeventsx.shiplog-deployment.completed.0.1.0', t, `done-${v}`, {
        ...target,
        artifact,
        outcome: 'success',
      }),
    stepStarted: (t: string, index: number, weight: number) =>
      make('dev.cdeventsx.shiplog-rolloutstep.started.0.1.0', t, `canary-${v}`, {
        ...target,
        artifact,
        strategy: 'canary',
        step: step(index, weight),
      }),
    stepFinished: (t: string, index: number, weight: number, outcome: 'pass' | 'fail') =>
      make('dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0', t, `canary-${v}`, {
        ...target,
        artifact,
        strategy: 'canary',
        step: step(index, weight),
        outcome,
        checks: checks(outcome),
      }),
  };
}

const v1 = version('1.0.0', 0x100);
const v2 = version('1.1.0', 0x110);
const v3 = version('1.2.0', 0x120);
const ndjson = (events: readonly CDEvent[]): string => events.map((e) => JSON.stringify(e)).join('\n');

interface EmitReport {
  events: {
    status: string;
    eventId?: string;
    violations?: { code: string }[];
    problems?: { code?: string }[];
  }[];
}
async function emit(events: readonly CDEvent[]): Promise<string[][]> {
  const run = await shiplog(['emit', '--json', '-'], ndjson(events));
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as EmitReport).events.map((e) => (e.violations ?? []).map((v) => v.code));
}
async function json<T>(args: readonly string[]): Promise<T> {
  const run = await shiplog([...args, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

const rollbackTargetAt = (t: string) =>
  json<Record<string, unknown>>(['rollback-target', '--env', 'production', '--service', 'shop', '--at', t]);

let beforeRedeploy: string;
let codes: string[][];
let late: string[][];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-rollouts-'));
  codes = await emit([
    ...v1.released(8),
    v1.deployed(at(9)),
    v1.verified(at(9, 5), 'pass'),
    v1.completed(at(9, 10)),
    ...v2.released(9),
    v2.deployed(at(10)),
    v2.stepStarted(at(10, 0, 1), 1, 10),
    v2.stepFinished(at(10, 15), 1, 10, 'pass'),
    v2.stepStarted(at(10, 15, 1), 2, 50),
    v2.stepFinished(at(10, 45), 2, 50, 'fail'), // error rate 0.12 against 0.01: decision due 11:00
    v2.completed(at(10, 46)),
  ]);
  await new Promise((r) => setTimeout(r, 20));
  beforeRedeploy = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  // The old version again, by a plain deploy (not reported as a rollback), ten minutes late.
  late = await emit([v1.deployed(at(11, 10))]);
}, 60_000);

afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('a canary with a failed window (seed 004)', () => {
  it('records the failed window as DEPLOY_CHECK_FAILED and the success claimed after it as COMPLETED_AFTER_FAILURE', () => {
    expect(codes.slice(-6)).toEqual([[], [], [], [], ['DEPLOY_CHECK_FAILED'], ['COMPLETED_AFTER_FAILURE']]);
  });

  it('deployed: the canary is unhealthy at 50%, with the rollback shiplog decided, overdue once past its deadline', async () => {
    type Answer = { services: { artifactId: string; health: Record<string, unknown> }[] };
    const during = await json<Answer>(['deployed', '--env', 'production', '--at', at(10, 50)]);
    expect(during.services[0]?.artifactId).toBe(v2.purl);
    expect(during.services[0]?.health).toMatchObject({
      status: 'unhealthy',
      failing: ['error rate: 0.12 against 0.01'],
      rollout: { strategy: 'canary', step: 2, weightPercent: 50, outcome: 'fail' },
      rollback: {
        to: expect.stringContaining('1.0.0') as unknown,
        deadline: '2026-03-02T11:00:00.000Z',
        overdue: false,
      },
    });
    const overdue = await json<Answer>(['deployed', '--env', 'production', '--at', at(11, 5)]);
    expect(overdue.services[0]?.health['rollback']).toMatchObject({ overdue: true });
    const before = await json<Answer>(['deployed', '--env', 'production', '--at', at(9, 30)]);
    expect(before.services[0]?.health).toMatchObject({
      status: 'healthy',
      completed: 'success',
      rollback: null,
    });
  });

  it("the decision is shiplog-ledger's own event; an emitter may not send one", async () => {
    type Answer = { services: { health: { rollback: { eventId: string } } }[] };
    const during = await json<Answer>(['deployed', '--env', 'production', '--at', at(10, 50)]);
    const id = during.services[0]?.health.rollback.eventId ?? '';
    const why = await json<{ event: { producer: string; type: string } }>(['why', id]);
    expect(why.event).toMatchObject({
      producer: 'shiplog-ledger',
      type: 'dev.cdeventsx.shiplog-rollback.decided.0.1.0',
    });
    const forged = buildEvent('dev.cdeventsx.shiplog-rollback.decided.0.1.0', {
      id: 'forged-1',
      source: '/cd/shop',
      subjectId: 'rollback',
      content: {
        environment: { id: 'production' },
        service: { id: 'shop' },
        from: { digest: v2.digest },
        reason: { code: 'X', message: 'forged' },
        triggeredBy: 'nothing',
        deadline: at(23),
      },
    });
    const run = await shiplog(['emit', '--json', '-'], JSON.stringify(forged));
    expect(run.code).toBe(3);
    expect((JSON.parse(run.stdout) as EmitReport).events[0]?.problems?.[0]?.code).toBe('EVENT_TYPE_RESERVED');
  });
});

describe('rollback-target', () => {
  it('names the last version that completed healthy there, other than the running one', async () => {
    const answer = await rollbackTargetAt(at(10, 50));
    expect(answer).toMatchObject({
      running: { artifactId: v2.purl },
      target: {
        artifactId: v1.purl,
        artifact: { digest: v1.digest },
        completedAt: '2026-03-02T09:10:00.000Z',
      },
      decided: { deadline: '2026-03-02T11:00:00.000Z' },
    });
    const first = await rollbackTargetAt(at(9, 30));
    expect(first).toMatchObject({ running: { artifactId: v1.purl }, target: null, decided: null });
    expect((await shiplog(['rollback-target', '--env', 'production'])).code).toBe(2);
  });
});

describe('a late redeploy of the old version', () => {
  it('is a rollback past its deadline', () => {
    expect(late).toEqual([['ROLLBACK_PAST_DEADLINE']]);
  });

  it('history marks it as the rollback it is, and --known-at shows the ledger before it', async () => {
    type History = { entries: { action: string; artifactId: string; rollback: boolean }[] };
    const history = await json<History>(['history', '--env', 'production']);
    expect(history.entries.map((e) => [e.action, e.artifactId, e.rollback])).toEqual([
      ['deployed', v1.purl, false],
      ['deployed', v2.purl, false],
      ['deployed', v1.purl, true],
    ]);
    const known = await json<History>(['history', '--env', 'production', '--known-at', beforeRedeploy]);
    expect(known.entries).toHaveLength(2);
  });

  it('dora: the failed window is a change failure, the redeploy a rollback, --known-at and --weekly', async () => {
    type Dora = {
      deploymentFrequency: { count: number };
      changeFailureRate: { failed: number; deployments: number };
      failedDeploymentRecoveryTime: { medianSeconds: number | null };
      performance: { tier: string | null };
      weekly?: { week: string; changeFailureRate: { failed: number } }[];
    };
    const window = ['dora', '--env', 'production', '--since', at(0), '--until', '2026-03-03T00:00:00Z'];
    const now = await json<Dora>([...window, '--weekly']);
    expect(now.deploymentFrequency.count).toBe(2);
    expect(now.changeFailureRate).toMatchObject({ failed: 1, deployments: 2 });
    expect(now.failedDeploymentRecoveryTime.medianSeconds).toBe(70 * 60); // 10:00 → the 11:10 redeploy
    expect(now.performance.tier).not.toBeNull();
    expect(now.weekly?.map((w) => [w.week, w.changeFailureRate.failed])).toEqual([
      ['2026-03-02T00:00:00.000Z', 1],
    ]);
    const then = await json<Dora>([...window, '--known-at', beforeRedeploy]);
    expect(then.changeFailureRate).toMatchObject({ failed: 1, deployments: 2 });
    expect(then.failedDeploymentRecoveryTime.medianSeconds).toBeNull();
  });
});

describe('a deployment the gate denied', () => {
  it('is DEPLOY_WITHOUT_GATE once the environment is gated', async () => {
    const gate = await shiplog(['gate', '--env', 'production', '--artifact', v3.digest, '--json']);
    expect(gate.code).toBe(3); // no SBOM, no signature from shiplog's workers: denied
    expect(await emit([...v3.released(12), v3.deployed(at(13))])).toEqual([
      [],
      [],
      [],
      [],
      [],
      ['DEPLOY_WITHOUT_GATE'],
    ]);
  });
});

// After 'a deployment the gate denied' (production is gated from then on) and the late redeploy of v1.
describe('an emitter posing as a rollback', () => {
  const rolledBack = (v: { purl: string }, t: string): CDEvent =>
    make('dev.cdevents.service.rolledback.0.3.0', t, 'shop', {
      environment: { id: 'production' },
      artifactId: v.purl,
    });

  it('a "rollback" to bytes that never ran healthy there is DEPLOY_WITHOUT_GATE; a real one is not', async () => {
    const v4 = version('1.3.0', 0x130);
    const codes = await emit([...v4.released(14), rolledBack(v4, at(15))]);
    expect(codes.at(-1)).toContain('DEPLOY_WITHOUT_GATE');
    expect((await emit([rolledBack(v1, at(15, 5))])).at(-1)).not.toContain('DEPLOY_WITHOUT_GATE');
  });

  it('a completion claimed for bytes never deployed there does not make them the rollback target', async () => {
    const v5 = version('1.4.0', 0x140);
    // Released, never gated or deployed to production; "completed healthy" there all the same.
    await emit([...v5.released(16), v5.completed(at(16, 30))]);
    // v1 runs (rolled back above) and fails: the ledger decides a rollback, but not to v5.
    await emit([v1.verified(at(16, 40), 'fail')]);
    const answer = await rollbackTargetAt(at(16, 42));
    expect(answer['target']).toMatchObject({ artifact: { digest: v2.digest } });
    expect((await emit([v5.deployed(at(16, 45))])).at(-1)).toContain('DEPLOY_WITHOUT_GATE');
  });

  it('a removal that answers a rollback decision after its deadline is ROLLBACK_PAST_DEADLINE', async () => {
    const v5 = version('1.4.0', 0x140);
    await emit([v5.verified(at(17), 'fail')]); // v5 runs (deployed above): a rollback is due at 17:15
    const removed = make('dev.cdevents.service.removed.0.3.0', at(17, 30), 'shop', {
      environment: { id: 'production' },
    });
    expect((await emit([removed])).at(-1)).toContain('ROLLBACK_PAST_DEADLINE');
  });

  it('a "rollback" to unverified bytes that never ran there is ARTIFACT_NOT_VERIFIED', async () => {
    const v6 = version('1.5.0', 0x150);
    const unverified = v6.released(18).filter((e) => !e.context.type.includes('verification'));
    expect((await emit([...unverified, rolledBack(v6, at(18, 30))])).at(-1)).toContain(
      'ARTIFACT_NOT_VERIFIED',
    );
  });
});
