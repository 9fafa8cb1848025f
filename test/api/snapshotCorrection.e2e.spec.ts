// An emitter token may correct its own events (`customData.supersedes`), never another producer's:
// a trusted snapshot that saw drift must not be hidden by an untrusted "correction" under its source.
import { toBinaryCloudEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { snapshotEvent } from '@shiplog/ledger/testing/snapshotFixture.ts';
import type { DeployedAnswer } from '@shiplog/projections';
import { describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { gatePipeline } from '../gate/gatePipeline.ts';
import { useApiLedger } from './apiLedger.ts';

const manual = `sha256:${'9e'.repeat(32)}`;
// Default trust: the local CLI's snapshots count in `deployed`, the CI token's do not.
const ledger = useApiLedger('api-snapshot-correction');
const p = gatePipeline('storefront', 0xd22);
const post = (event: CDEvent) =>
  ledger.call('/v1/events', { method: 'POST', token: ledger.emitter, ...toBinaryCloudEvent(event) });
const observed = async () => {
  const response = await ledger.call('/v1/deployed?env=staging', { token: ledger.auditor });
  expect(response.status).toBe(200);
  return ((await response.json()) as DeployedAnswer).services[0]?.observed;
};

describe("a correction of another producer's snapshot (a real API process)", () => {
  it('does not hide the drift a trusted snapshot saw', async () => {
    expect((await post(p.deployed('staging'))).status).toBe(201);
    const trusted = snapshotEvent('staging', [['storefront', manual]], { at: new Date().toISOString() });
    const emitted = await shiplog(['emit', '--json', '-'], {
      cwd: ledger.dir(),
      env: ledger.env(),
      stdin: JSON.stringify(trusted),
    });
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(await observed()).toMatchObject({ drift: 'UNRECORDED_RUNTIME_CHANGE', producer: 'local' });

    // The CI token, under the same source, "corrects" it with a clean snapshot.
    const clean = snapshotEvent('staging', [['storefront', p.digest]], { at: new Date().toISOString() });
    const correction = { ...clean, customData: { supersedes: trusted.context.id } } as CDEvent;
    expect((await post(correction)).status).toBe(201);
    expect(await observed()).toMatchObject({
      snapshotEventId: trusted.context.id,
      drift: 'UNRECORDED_RUNTIME_CHANGE',
      producer: 'local',
    });
  });
});
