import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBinaryCloudEvent } from '@shiplog/events';
import type { GateAssessment, GateOutcome } from '@shiplog/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { gatePipeline, isWorkerEvidence, recordAsWorkers, releasedToStaging } from '../gate/gatePipeline.ts';
import { callApi, startApiProcess } from './apiProcess.ts';
import type { ApiProcess } from './apiProcess.ts';

const token = () => randomBytes(24).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const auditor = token();
const emitter = token();

let dir: string;
let env: Record<string, string>;
let api: ApiProcess | undefined;
const p = gatePipeline('storefront', 0xa11);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-api-e2e-'));
  env = {
    SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
    SHIPLOG_API_TOKENS: `audit:auditor:${sha256(auditor)},ci:emitter:${sha256(emitter)}`,
  };
  api = await startApiProcess({ cwd: dir, env });
});
afterAll(async () => {
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
});

const call = (path: string, init: RequestInit & { token?: string } = {}) => callApi(api?.url, path, init);

async function cliJson(args: string[]): Promise<unknown> {
  const run = await shiplog([...args, '--json'], { cwd: dir, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as unknown;
}

async function apiJson(path: string): Promise<unknown> {
  const response = await call(path, { token: auditor });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

/** Sequential on purpose: the scenario builds one ledger step by step. */
describe('shiplog serve api (a real process) over one SQLite ledger', () => {
  it('takes a pipeline as CloudEvents from an emitter token (201 each, 200 on a retry)', async () => {
    // The SBOM and the signature are the workers' to report: they record them themselves.
    const pipeline = releasedToStaging(p);
    await recordAsWorkers(join(dir, 'ledger.db'), pipeline.filter(isWorkerEvidence));
    for (const event of pipeline.filter((e) => !isWorkerEvidence(e))) {
      const { headers, body } = toBinaryCloudEvent(event);
      const response = await call('/v1/events', { method: 'POST', token: emitter, headers, body });
      expect(response.status, await response.clone().text()).toBe(201);
    }
    const again = toBinaryCloudEvent(p.change());
    const first = await call('/v1/events', { method: 'POST', token: emitter, ...again });
    expect(first.status).toBe(201);
    expect((await call('/v1/events', { method: 'POST', token: emitter, ...again })).status).toBe(200);
  });

  it('refuses writes from an auditor token (403) and everything without a token (401)', async () => {
    const { headers, body } = toBinaryCloudEvent(p.tests(5));
    expect((await call('/v1/events', { method: 'POST', token: auditor, headers, body })).status).toBe(403);
    expect((await call('/v1/events', { method: 'POST', headers, body })).status).toBe(401);
    expect((await call('/v1/deployed?env=staging')).status).toBe(401);
    const history = (await apiJson('/v1/history?env=staging')) as { entries: unknown[] };
    expect(history.entries).toHaveLength(1);
  });

  it("answers the auditor's questions with the CLI's --json documents", async () => {
    const at = '2026-03-02T00:00:00Z';
    const deployed = (await apiJson(`/v1/deployed?env=staging&at=${at}`)) as {
      services: { service: string; artifactId: string }[];
    };
    expect(deployed.services).toEqual([
      expect.objectContaining({ service: 'storefront', artifactId: p.purl }),
    ]);
    expect(await apiJson(`/v1/deployed?env=staging&at=${at}`)).toEqual(
      await cliJson(['deployed', '--env', 'staging', '--at', at]),
    );
    expect(await apiJson(`/v1/deployed?env=staging&service=storefront&at=${at}&knownAt=${at}`)).toEqual(
      await cliJson([
        'deployed',
        '--env',
        'staging',
        '--service',
        'storefront',
        '--at',
        at,
        '--known-at',
        at,
      ]),
    );
    expect(await apiJson('/v1/history?env=staging')).toEqual(await cliJson(['history', '--env', 'staging']));
    expect(await apiJson(`/v1/why/${encodeURIComponent(p.digest)}`)).toEqual(
      await cliJson(['why', p.digest]),
    );
    const window = 'since=2026-02-01T00:00:00Z&until=2026-03-15T00:00:00Z';
    expect(await apiJson(`/v1/dora?env=staging&${window}`)).toEqual(
      await cliJson([
        'dora',
        '--env',
        'staging',
        '--since',
        '2026-02-01T00:00:00Z',
        '--until',
        '2026-03-15T00:00:00Z',
      ]),
    );
    expect(await apiJson(`/v1/dora?env=staging&${window}&weekly=true&knownAt=${at}`)).toEqual(
      await cliJson([
        'dora',
        '--env',
        'staging',
        '--since',
        '2026-02-01T00:00:00Z',
        '--until',
        '2026-03-15T00:00:00Z',
        '--weekly',
        '--known-at',
        at,
      ]),
    );
    expect(await apiJson(`/v1/rollback-target?env=staging&service=storefront&at=${at}`)).toEqual(
      await cliJson(['rollback-target', '--env', 'staging', '--service', 'storefront', '--at', at]),
    );
    expect(await apiJson(`/v1/why/${encodeURIComponent(p.purl)}`)).toEqual(await cliJson(['why', p.purl]));
    const missing = await call('/v1/why/no-such-thing', { token: auditor });
    expect(missing.status).toBe(404);
  });

  it('evaluates the gate as the CLI decides it (GET records nothing), and POST records', async () => {
    const response = await call(`/v1/gate?env=production&artifact=${encodeURIComponent(p.digest)}`, {
      token: auditor,
    });
    expect(response.status).toBe(200);
    const evaluated = (await response.json()) as GateAssessment & { recorded: false };
    expect(evaluated).toMatchObject({ decision: 'allow', recorded: false });
    const run = await shiplog(['gate', '--env', 'production', '--artifact', p.digest, '--json'], {
      cwd: dir,
      env,
    });
    expect(run.code).toBe(0);
    const fromCli = JSON.parse(run.stdout) as GateOutcome;
    const decision = (o: GateAssessment) => ({
      decision: o.decision,
      reasons: o.reasons,
      evidence: o.evidence,
      ignored: o.ignored,
      policy: o.policy,
    });
    expect(decision(evaluated)).toEqual(decision(fromCli));

    const posted = await call('/v1/gate', {
      method: 'POST',
      token: emitter,
      body: JSON.stringify({ env: 'production', artifact: p.purl, service: 'payments' }),
    });
    const outcome = (await posted.json()) as GateOutcome;
    expect(outcome.reasons.map((r) => r.code)).toEqual(['PRIOR_STAGE_MISSING']);
    expect(outcome.recorded).toMatchObject({ status: 'recorded', streamId: `gate-${outcome.gateId}` });
    const why = (await apiJson(`/v1/why/${encodeURIComponent(p.digest)}`)) as {
      artifacts: { gates: { eventId: string; producer: string }[] }[];
    };
    // The CLI's decision and the POSTed one, each by who asked; the GET left nothing.
    expect(why.artifacts[0]?.gates.map((g) => [g.eventId, g.producer])).toEqual([
      [fromCli.gateId, 'local'],
      [outcome.gateId, 'api:ci'],
    ]);
  });

  it('never logs a token, and stops cleanly on SIGTERM', async () => {
    const logs = api?.stderr() ?? '';
    expect(logs).toContain('"caller":"ci"');
    for (const secret of [auditor, emitter]) expect(logs).not.toContain(secret);
    expect(await api?.stop()).toBe(0);
  });
});
