import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent, GateDecidedEvent } from '@shiplog/events';
import { defaultGatePolicy, parseGatePolicy, policyDigest, recheckGate } from '@shiplog/ledger';
import type { GateOutcome } from '@shiplog/ledger';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import {
  evidenceForgeries,
  gatePipeline,
  isWorkerEvidence,
  recordAs,
  recordAsWorkers,
  releasedToStaging,
} from './gatePipeline.ts';

let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-gate-e2e-'));
  env = { SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}` };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `shiplog emit` (identity `local`) of the given events. */
async function emitLocal(events: readonly CDEvent[]): Promise<void> {
  const file = join(dir, `events-${Date.now()}-${Math.random()}.ndjson`);
  await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n'));
  const run = await shiplog(['emit', '--json', file], { cwd: dir, env });
  expect(run.code, run.stderr).toBe(0);
}

/** Records a pipeline in order as it happens: the CI's events by `shiplog emit`, the workers' by them. */
async function emit(events: readonly CDEvent[]): Promise<void> {
  let run: CDEvent[] = [];
  const flush = async (): Promise<void> => {
    if (run.length === 0) return;
    const [first] = run;
    if (first !== undefined && isWorkerEvidence(first)) await recordAsWorkers(join(dir, 'ledger.db'), run);
    else await emitLocal(run);
    run = [];
  };
  for (const event of events) {
    const [first] = run;
    if (first !== undefined && isWorkerEvidence(first) !== isWorkerEvidence(event)) await flush();
    run.push(event);
  }
  await flush();
}

async function gate(
  ...args: string[]
): Promise<{ code: number | null; outcome: GateOutcome; stderr: string }> {
  const run = await shiplog(['gate', '--json', ...args], { cwd: dir, env });
  return { code: run.code, outcome: JSON.parse(run.stdout) as GateOutcome, stderr: run.stderr };
}

async function withStore<T>(use: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await createSqliteEventStore(join(dir, 'ledger.db'));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function allRecords(): Promise<RecordedEvent[]> {
  return withStore(async (store) => {
    const records: RecordedEvent[] = [];
    for await (const r of store.readAll()) records.push(r);
    return records;
  });
}

describe('shiplog gate (the real CLI)', () => {
  it('allows production (exit 0) once the pipeline is recorded, and records a decision pinning its evidence', async () => {
    const p = gatePipeline();
    const events = releasedToStaging(p);
    await emit(events);
    const { code, outcome } = await gate('--env', 'production', '--artifact', p.digest);
    expect(code).toBe(0);
    expect(outcome).toMatchObject({
      decision: 'allow',
      reasons: [],
      environment: 'production',
      stage: 'deploy',
    });
    expect(outcome.policy).toEqual({ id: defaultGatePolicy.id, digest: policyDigest(defaultGatePolicy) });

    const records = await allRecords();
    const byId = new Map(records.map((r) => [r.id, r]));
    const decided = byId.get(outcome.gateId);
    expect(decided?.streamId).toBe(`gate-${outcome.gateId}`);
    const content = (JSON.parse(decided?.data ?? '{}') as GateDecidedEvent).subject.content;
    expect(content.evidence).toEqual(outcome.evidence);
    expect(content.policy.digest).toBe(outcome.policy.digest);
    // The evidence the gate rested on, each pinned by the store's own record hash.
    const used = events.filter((e) => e.context.type !== 'dev.cdevents.change.created.0.4.0');
    expect(content.evidence.map((e) => e.eventId).sort()).toEqual(
      used
        .filter((e) => e.context.type !== 'dev.cdevents.artifact.published.0.3.0')
        .map((e) => e.context.id)
        .sort(),
    );
    for (const e of content.evidence) expect(e.hash).toBe(`sha256:${byId.get(e.eventId)?.hash}`);
    expect((await shiplog(['verify'], { cwd: dir, env })).code).toBe(0);
  });

  it('denies (exit 3) naming each failed rule, and still records the decision', async () => {
    const p = gatePipeline();
    await emit([
      ...releasedToStaging(p).filter((e) => e.context.type !== 'dev.cdevents.artifact.signed.0.3.0'),
      p.vulnerabilities(1, 0),
    ]);
    const { code, outcome } = await gate('--env', 'production', '--artifact', p.purl);
    expect(code).toBe(3);
    expect(outcome.reasons.map((r) => r.code)).toEqual(['VULNERABILITY_CRITICAL', 'SIGNATURE_MISSING']);
    expect((await allRecords()).map((r) => r.id)).toContain(outcome.gateId);

    const text = await shiplog(['gate', '--env', 'production', '--artifact', p.digest], { cwd: dir, env });
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^DENY/);
    expect(text.stdout).toContain('VULNERABILITY_CRITICAL');
    expect(text.stdout).toContain('SIGNATURE_MISSING');
  });

  it('holds the artifact to a --policy FILE, named by its digest', async () => {
    const p = gatePipeline();
    await emit(releasedToStaging(p));
    const strict = {
      ...defaultGatePolicy,
      id: 'strict',
      require: { ...defaultGatePolicy.require, coverage: { minPercent: 90 } },
    };
    await writeFile(join(dir, 'strict.json'), JSON.stringify(strict));
    const { code, outcome } = await gate(
      '--env',
      'staging',
      '--artifact',
      p.digest,
      '--policy',
      'strict.json',
    );
    expect(code).toBe(3);
    expect(outcome.reasons.map((r) => r.code)).toEqual(['COVERAGE_BELOW_MIN']);
    expect(outcome.policy).toEqual({ id: 'strict', digest: policyDigest(parseGatePolicy(strict)) });
  });

  it('refuses a malformed policy (exit 2) naming the bad field, and records nothing', async () => {
    const p = gatePipeline();
    await emit([p.packaged()]);
    const before = (await allRecords()).map((r) => r.id);
    const bad = {
      ...defaultGatePolicy,
      require: { ...defaultGatePolicy.require, coverage: { minPercent: 'high' } },
    };
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
    const run = await shiplog(['gate', '--env', 'staging', '--artifact', p.digest, '--policy', 'bad.json'], {
      cwd: dir,
      env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/require/coverage/minPercent');
    await writeFile(join(dir, 'not.json'), '{"id": ');
    const notJson = await shiplog(
      ['gate', '--env', 'staging', '--artifact', p.digest, '--policy', 'not.json'],
      { cwd: dir, env },
    );
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not.json');
    const usage = await shiplog(['gate', '--env', 'staging', '--artifact', p.digest, '--stage', 'launch'], {
      cwd: dir,
      env,
    });
    expect(usage.code).toBe(2);
    expect((await allRecords()).map((r) => r.id)).toEqual(before);
  });

  it('re-checks a recorded decision to the same answer once newer evidence exists', async () => {
    const p = gatePipeline();
    const events = releasedToStaging(p);
    const sbom = events.find(
      (e) => e.context.type === 'dev.cdeventsx.shiplog-sbom.generated.0.1.0',
    ) as CDEvent;
    await emit(events.filter((e) => e !== sbom));
    const first = await gate('--env', 'production', '--artifact', p.digest);
    expect(first.outcome.reasons.map((r) => r.code)).toEqual(['SBOM_MISSING']);

    await emit([sbom]);
    const decided = await withStore(async (store) => {
      const record = await store.readEvent(first.outcome.gateId);
      const event = JSON.parse(record?.data ?? '{}') as GateDecidedEvent;
      return recheckGate(store, event, defaultGatePolicy);
    });
    expect(decided).toMatchObject({ confirmed: true, policyMatches: true, evidenceMismatches: [] });
    expect(decided.decision.reasons.map((r) => r.code)).toEqual(['SBOM_MISSING']);

    const now = await gate('--env', 'production', '--artifact', p.digest);
    expect(now.code).toBe(0);
  });
});

interface WhyJson {
  artifacts: { steps: { eventId: string; producer: string }[] }[];
}

describe('forged evidence through shiplog emit (identity local)', () => {
  it.each(evidenceForgeries)(
    '%s emitted by the CLI keeps the gate at DENY, naming the event and producer; the fact stays recorded',
    async (_, replaced, forge, missing) => {
      const p = gatePipeline();
      const forged = forge(p);
      await emit(releasedToStaging(p).filter((e) => e.context.type !== replaced));
      await emitLocal([forged]);

      const { code, outcome } = await gate('--env', 'production', '--artifact', p.digest);
      expect(code).toBe(3);
      expect(outcome.reasons.map((r) => r.code)).toEqual([missing, 'EVIDENCE_UNTRUSTED_PRODUCER']);
      expect(outcome.reasons[1]?.message).toContain(forged.context.id);
      expect(outcome.reasons[1]?.message).toContain("'local'");
      expect(outcome.ignored).toEqual([
        expect.objectContaining({ eventId: forged.context.id, producer: 'local' }),
      ]);
      const decided = (await allRecords()).find((r) => r.id === outcome.gateId);
      const content = (JSON.parse(decided?.data ?? '{}') as GateDecidedEvent).subject.content;
      expect(content.ignored?.map((i) => [i.eventId, i.producer])).toEqual([[forged.context.id, 'local']]);
      expect(decided?.producer).toBe('local');

      // Facts are never lost: the forgery is in the ledger, and `why` says who sent it.
      const why = await shiplog(['why', p.digest, '--json'], { cwd: dir, env });
      expect(why.code, why.stderr).toBe(0);
      const steps = (JSON.parse(why.stdout) as WhyJson).artifacts.flatMap((a) => a.steps);
      expect(steps.find((s) => s.eventId === forged.context.id)?.producer).toBe('local');
      const text = await shiplog(['why', p.digest], { cwd: dir, env });
      expect(text.stdout).toContain(`(${forged.context.id}, from local)`);
    },
  );

  it.each(evidenceForgeries)('%s recorded by shiplog-workers counts: ALLOW', async (_, replaced, forge) => {
    const p = gatePipeline();
    const genuine = forge(p);
    await emit(releasedToStaging(p).filter((e) => e.context.type !== replaced));
    await recordAsWorkers(join(dir, 'ledger.db'), [genuine]);
    const { code, outcome } = await gate('--env', 'production', '--artifact', p.digest);
    expect(code, JSON.stringify(outcome.reasons)).toBe(0);
    expect(outcome).toMatchObject({ decision: 'allow', ignored: [] });
    expect(outcome.evidence.map((e) => e.eventId)).toContain(genuine.context.id);
  });

  it('says in its text form which evidence it ignored and who sent it', async () => {
    const p = gatePipeline();
    const forged = p.sbom();
    await emit(releasedToStaging(p).filter((e) => e.context.type !== forged.context.type));
    await emitLocal([forged]);
    const text = await shiplog(['gate', '--env', 'production', '--artifact', p.digest], { cwd: dir, env });
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('EVIDENCE_UNTRUSTED_PRODUCER');
    expect(text.stdout).toContain(`ignored ${forged.context.id} from local: may not report sbom`);
  });

  it('counts what the policy file lets another identity report (evidenceProducers)', async () => {
    const p = gatePipeline();
    await emit(
      releasedToStaging(p).filter((e) => e.context.type !== 'dev.cdeventsx.shiplog-sbom.generated.0.1.0'),
    );
    await emitLocal([p.sbom()]);
    const trusting = { ...defaultGatePolicy, id: 'local-sboms', evidenceProducers: { sbom: ['local'] } };
    await writeFile(join(dir, 'trusting.json'), JSON.stringify(trusting));
    const { code } = await gate('--env', 'production', '--artifact', p.digest, '--policy', 'trusting.json');
    expect(code).toBe(0);
  });
});

describe('approvals through the real CLI: keyed by the producer that recorded them', () => {
  it("keeps a portal's rejection standing against a grant emitted by anyone else; the portal may withdraw it", async () => {
    const p = gatePipeline();
    const portal = 'api:approvals-portal';
    await emit(releasedToStaging(p));
    await recordAs(join(dir, 'ledger.db'), portal, [
      p.approval('production', 'security-officer', false, '/approvals/portal'),
    ]);
    expect((await gate('--env', 'production', '--artifact', p.digest)).code).toBe(3);

    await emitLocal([p.approval('production', 'security-officer', true, '/ci/insider')]);
    const overridden = await gate('--env', 'production', '--artifact', p.digest);
    expect(overridden.code).toBe(3);
    expect(overridden.outcome.reasons.map((r) => r.code)).toEqual(['APPROVAL_REJECTED']);
    expect(overridden.outcome.reasons[0]?.message).toBe(
      `rejected for production by security-officer (recorded by ${portal})`,
    );

    await recordAs(join(dir, 'ledger.db'), portal, [
      p.approval('production', 'security-officer', true, '/approvals/portal'),
    ]);
    const withdrawn = await gate('--env', 'production', '--artifact', p.digest);
    expect(withdrawn.code, JSON.stringify(withdrawn.outcome.reasons)).toBe(0);
  });
});
