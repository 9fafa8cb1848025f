import { toBinaryCloudEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { ledgerViolationOf } from '@shiplog/ledger/testing/shiplogOwnEvents.ts';
import { snapshotEvent } from '@shiplog/ledger/testing/snapshotFixture.ts';
import type { DeployedAnswer } from '@shiplog/projections';
import { describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { gatePipeline } from '../gate/gatePipeline.ts';
import { useApiLedger } from './apiLedger.ts';

const manual = `sha256:${'9e'.repeat(32)}`;
// The operator trusts the CI token's snapshots (`deployed` counts only trusted producers' snapshots).
const ledger = useApiLedger('api-snapshot', { SHIPLOG_SNAPSHOT_PRODUCERS: 'api:ci' });
const p = gatePipeline('storefront', 0xd21);
const post = (event: CDEvent) =>
  ledger.call('/v1/events', { method: 'POST', token: ledger.emitter, ...toBinaryCloudEvent(event) });

describe('environment snapshots over the API (a real process)', () => {
  it('takes a snapshot as an event; GET /v1/deployed shows recorded and observed, as the CLI does', async () => {
    expect((await post(p.deployed('staging'))).status).toBe(201);
    const snapshot = snapshotEvent('staging', [['storefront', manual]], { at: new Date().toISOString() });
    const recorded = await post(snapshot);
    expect(recorded.status).toBe(201);
    const answer = (await recorded.json()) as { violations: { code: string }[] };
    expect(answer.violations.map((v) => v.code)).toEqual(['UNRECORDED_RUNTIME_CHANGE']);

    const response = await ledger.call('/v1/deployed?env=staging', { token: ledger.auditor });
    expect(response.status).toBe(200);
    const deployed = (await response.json()) as DeployedAnswer;
    expect(deployed.services[0]?.observed).toMatchObject({
      snapshotEventId: snapshot.context.id,
      digests: [manual],
      drift: 'UNRECORDED_RUNTIME_CHANGE',
      producer: 'api:ci',
    });
    const cli = await shiplog(['deployed', '--env', 'staging', '--json', '--at', deployed.at], {
      cwd: ledger.dir(),
      env: ledger.env(),
    });
    expect(JSON.parse(cli.stdout)).toEqual(deployed);
  });

  it('refuses drift sent in by an emitter: only the ledger records UNRECORDED_RUNTIME_CHANGE', async () => {
    const forged = ledgerViolationOf(p.deployed('staging'), 'UNRECORDED_RUNTIME_CHANGE');
    expect((await post(forged)).status).toBe(422);
  });
});
