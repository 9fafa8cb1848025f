import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent } from '@shiplog/events';
import type { GateOutcome } from '@shiplog/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatePipeline, isWorkerEvidence, recordAsWorkers, releasedToStaging } from '../gate/gatePipeline.ts';
import { day, examplePolicy, releaseManagers, seed004Events } from '../gate/seed004Events.ts';
import { callApi, startApiProcess } from './apiProcess.ts';
import type { ApiProcess } from './apiProcess.ts';

const token = () => randomBytes(24).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ci = token();
const approvals = token();

let dir = '';
let api: ApiProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-quality-api-'));
  api = await startApiProcess({
    cwd: dir,
    env: {
      SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
      SHIPLOG_GATE_POLICY: examplePolicy,
      // The CI and the release managers' approvals tool each have an emitter token of their own.
      SHIPLOG_API_TOKENS: `ci:emitter:${sha256(ci)},release-managers:emitter:${sha256(approvals)}`,
    },
  });
});
afterAll(async () => {
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function post(event: CDEvent, bearer: string): Promise<Record<string, unknown>> {
  const response = await callApi(api?.url, '/v1/events', {
    method: 'POST',
    token: bearer,
    body: JSON.stringify(event),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Record<string, unknown>;
}

async function decide(digest: string): Promise<GateOutcome> {
  const response = await callApi(api?.url, '/v1/gate', {
    method: 'POST',
    token: ci,
    body: JSON.stringify({ env: 'staging', artifact: digest }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as GateOutcome;
}

describe('recorded exceptions over HTTP (shiplog serve api, the seed 004 example policy)', () => {
  it("counts an exception from the approvals tool's token, never the same from the CI's", async () => {
    const p = gatePipeline('storefront', 0xa11);
    const q = seed004Events({ digest: p.digest, purl: p.purl }, 'storefront-quality');
    const events = releasedToStaging(p);
    await recordAsWorkers(join(dir, 'ledger.db'), events.filter(isWorkerEvidence));
    for (const e of [...events.filter((e) => !isWorkerEvidence(e)), ...q.passing(), q.accessibility(1, 95)])
      await post(e, ci);
    expect((await decide(p.digest)).reasons.map((r) => r.code)).toEqual(['WCAG_VIOLATIONS']);

    // The CI grants itself an exception: recorded as api:ci, not counted, named.
    const selfGranted = q.exception(new Date(Date.now() + 7 * day));
    expect(await post(selfGranted, ci)).toMatchObject({ status: 'recorded', producer: 'api:ci' });
    const denied = await decide(p.digest);
    expect(denied.decision).toBe('deny');
    expect(denied.reasons.map((r) => r.code)).toEqual(['WCAG_VIOLATIONS', 'EVIDENCE_UNTRUSTED_PRODUCER']);
    expect(denied.ignored.map((i) => [i.eventId, i.producer])).toEqual([[selfGranted.context.id, 'api:ci']]);

    // The release managers' tool grants one: it counts, and the decision names it.
    const granted = q.exception(new Date(Date.now() + 7 * day));
    expect(await post(granted, approvals)).toMatchObject({ status: 'recorded', producer: releaseManagers });
    const allowed = await decide(p.digest);
    expect(allowed.decision).toBe('allow');
    expect(allowed.exceptions.map((e) => [e.eventId, e.producer, e.check])).toEqual([
      [granted.context.id, releaseManagers, 'accessibility'],
    ]);
  });
});
