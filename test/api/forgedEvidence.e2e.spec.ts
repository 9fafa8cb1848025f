import { join } from 'node:path';
import type { CDEvent } from '@shiplog/events';
import type { GateOutcome } from '@shiplog/ledger';
import { createSqliteEventStore } from '@shiplog/store';
import { describe, expect, it } from 'vitest';
import {
  evidenceForgeries,
  gatePipeline,
  isWorkerEvidence,
  recordAsWorkers,
  releasedToStaging,
} from '../gate/gatePipeline.ts';
import type { GatePipeline } from '../gate/gatePipeline.ts';
import { callApi } from './apiProcess.ts';
import { useApiOnLedger } from './useApiOnLedger.ts';

const ledger = useApiOnLedger('forged');
const { auditor, emitter } = ledger;

const call = (path: string, init: RequestInit & { token?: string } = {}) => callApi(ledger.url, path, init);

async function post(event: CDEvent): Promise<Record<string, unknown>> {
  const response = await call('/v1/events', { method: 'POST', token: emitter, body: JSON.stringify(event) });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Record<string, unknown>;
}

async function decide(p: GatePipeline): Promise<GateOutcome> {
  const response = await call('/v1/gate', {
    method: 'POST',
    token: emitter,
    body: JSON.stringify({ env: 'production', artifact: p.digest }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as GateOutcome;
}

async function eventCount(): Promise<number> {
  const store = await createSqliteEventStore(join(ledger.dir, 'ledger.db'));
  try {
    let n = 0;
    for await (const _ of store.readAll()) n += 1;
    return n;
  } finally {
    await store.close();
  }
}

describe('an emitter token cannot forge evidence (shiplog serve api, over HTTP)', () => {
  it.each(evidenceForgeries.map((a, i) => [...a, i] as const))(
    '%s POSTed by an emitter keeps the gate at DENY; the same from shiplog-workers makes it ALLOW',
    async (_, replaced, forge, missing, i) => {
      const p = gatePipeline(`shop${i}`, 0xf00 + i);
      const pipeline = releasedToStaging(p).filter((e) => e.context.type !== replaced);
      await recordAsWorkers(join(ledger.dir, 'ledger.db'), pipeline.filter(isWorkerEvidence));
      for (const event of pipeline.filter((e) => !isWorkerEvidence(e))) await post(event);

      const forged = forge(p);
      expect(await post(forged)).toMatchObject({ status: 'recorded', producer: 'api:ci' });
      const denied = await decide(p);
      expect(denied.decision).toBe('deny');
      expect(denied.reasons.map((r) => r.code)).toEqual([missing, 'EVIDENCE_UNTRUSTED_PRODUCER']);
      expect(denied.reasons[1]?.message).toContain(forged.context.id);
      expect(denied.reasons[1]?.message).toContain("'api:ci'");
      expect(denied.ignored.map((e) => [e.eventId, e.producer])).toEqual([[forged.context.id, 'api:ci']]);

      // The forgery is still a fact of the ledger, shown with who sent it.
      const why = await call(`/v1/why/${encodeURIComponent(p.digest)}`, { token: auditor });
      const steps = (
        (await why.json()) as { artifacts: { steps: { eventId: string; producer: string }[] }[] }
      ).artifacts[0]?.steps;
      expect(steps?.find((s) => s.eventId === forged.context.id)?.producer).toBe('api:ci');

      // The workers report the same evidence: now it counts, and the forgery is still named as ignored.
      const genuine = forge(p);
      await recordAsWorkers(join(ledger.dir, 'ledger.db'), [genuine]);
      const allowed = await decide(p);
      expect(allowed).toMatchObject({ decision: 'allow', reasons: [] });
      expect(allowed.evidence.map((e) => e.eventId)).toContain(genuine.context.id);
      expect(allowed.ignored.map((e) => e.eventId)).toEqual([forged.context.id]);
    },
  );

  it('GET /v1/gate records nothing; POST /v1/gate records one decision', async () => {
    const artifact = encodeURIComponent(gatePipeline('shop0', 0xf00).digest);
    const before = await eventCount();
    for (let n = 0; n < 3; n += 1) {
      const response = await call(`/v1/gate?env=production&artifact=${artifact}`, { token: auditor });
      expect(await response.json()).toMatchObject({ decision: 'allow', recorded: false });
    }
    expect(await eventCount()).toBe(before);
    const posted = await decide(gatePipeline('shop0', 0xf00));
    expect(posted.recorded.status).toBe('recorded');
    expect(await eventCount()).toBe(before + 1);
  });
});
