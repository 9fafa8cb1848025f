import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBinaryCloudEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { ledgerViolationOf } from '@shiplog/ledger/testing/shiplogOwnEvents.ts';
import { snapshotEvent } from '@shiplog/ledger/testing/snapshotFixture.ts';
import type { DeployedAnswer } from '@shiplog/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { gatePipeline } from '../gate/gatePipeline.ts';
import { callApi, startApiProcess } from './apiProcess.ts';
import type { ApiProcess } from './apiProcess.ts';

const token = () => randomBytes(24).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const auditor = token();
const emitter = token();
const manual = `sha256:${'9e'.repeat(32)}`;

let dir: string;
let env: Record<string, string>;
let api: ApiProcess | undefined;
const p = gatePipeline('storefront', 0xd21);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-api-snapshot-'));
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
const post = (event: CDEvent) =>
  call('/v1/events', { method: 'POST', token: emitter, ...toBinaryCloudEvent(event) });

describe('environment snapshots over the API (a real process)', () => {
  it('takes a snapshot as an event; GET /v1/deployed shows recorded and observed, as the CLI does', async () => {
    expect((await post(p.deployed('staging'))).status).toBe(201);
    const snapshot = snapshotEvent('staging', [['storefront', manual]], { at: new Date().toISOString() });
    const recorded = await post(snapshot);
    expect(recorded.status).toBe(201);
    const answer = (await recorded.json()) as { violations: { code: string }[] };
    expect(answer.violations.map((v) => v.code)).toEqual(['UNRECORDED_RUNTIME_CHANGE']);

    const response = await call('/v1/deployed?env=staging', { token: auditor });
    expect(response.status).toBe(200);
    const deployed = (await response.json()) as DeployedAnswer;
    expect(deployed.services[0]?.observed).toMatchObject({
      snapshotEventId: snapshot.context.id,
      digests: [manual],
      drift: 'UNRECORDED_RUNTIME_CHANGE',
    });
    const cli = await shiplog(['deployed', '--env', 'staging', '--json', '--at', deployed.at], {
      cwd: dir,
      env,
    });
    expect(JSON.parse(cli.stdout)).toEqual(deployed);
  });

  it('refuses drift sent in by an emitter: only the ledger records UNRECORDED_RUNTIME_CHANGE', async () => {
    const forged = ledgerViolationOf(p.deployed('staging'), 'UNRECORDED_RUNTIME_CHANGE');
    expect((await post(forged)).status).toBe(422);
  });
});
