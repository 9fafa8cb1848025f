import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CDEvent } from '@shiplog/events';
import { forgedAllow, ledgerViolationOf } from '@shiplog/ledger/testing/shiplogOwnEvents.ts';
import { createRecorder } from '@shiplog/ledger';
import { createSqliteEventStore } from '@shiplog/store';
import { describe, expect, it } from 'vitest';
import { gatePipeline } from '../gate/gatePipeline.ts';
import { shiplog } from '../support/shiplogCli.ts';
import { callApi } from './apiProcess.ts';
import { useApiOnLedger } from './useApiOnLedger.ts';

const p = gatePipeline('owned', 0x0e1);
const deploy = p.deployed('production');
const forgedViolation = ledgerViolationOf(deploy, 'ARTIFACT_NOT_VERIFIED');
// Recorded before emitters were kept off the ledger's source: it holds the id the ledger derives
// for the production deploy's APPROVAL_MISSING violation.
const squatter = ledgerViolationOf(deploy, 'APPROVAL_MISSING');

const ledger = useApiOnLedger('own-events', async (dir) => {
  const store = await createSqliteEventStore(join(dir, 'ledger.db'));
  try {
    const answer = await createRecorder({ store }).record({ value: squatter });
    if (answer.status !== 'recorded') throw new Error(JSON.stringify(answer));
  } finally {
    await store.close();
  }
});
const { emitter } = ledger;
const dbPath = () => join(ledger.dir, 'ledger.db');

const post = (path: string, body: unknown) =>
  callApi(ledger.url, path, { method: 'POST', token: emitter, body: JSON.stringify(body) });

async function recordedIds(): Promise<string[]> {
  const store = await createSqliteEventStore(dbPath());
  try {
    const ids: string[] = [];
    for await (const r of store.readAll()) ids.push(r.id);
    return ids;
  } finally {
    await store.close();
  }
}

describe('what only shiplog decides cannot be sent in by an emitter (shiplog serve api)', () => {
  it.each([
    ['a forged allow', forgedAllow(p.digest), [['EVENT_TYPE_RESERVED', '/context/type']]],
    [
      'a forged violation',
      forgedViolation,
      [
        ['EVENT_TYPE_RESERVED', '/context/type'],
        ['SOURCE_RESERVED', '/context/source'],
      ],
    ],
  ] as const)(
    'POST /v1/events of %s is refused (422), naming the field; nothing is recorded',
    async (_, event, expected) => {
      const before = await recordedIds();
      const response = await post('/v1/events', event);
      expect(response.status).toBe(422);
      const body = (await response.json()) as { status: string; problems: { code: string; path: string }[] };
      expect(body.status).toBe('refused');
      expect(body.problems.map((q) => [q.code, q.path])).toEqual(expected);
      expect(await recordedIds()).toEqual(before);
    },
  );

  it('POST /v1/gate still decides and records the decision', async () => {
    const before = await recordedIds();
    const response = await post('/v1/gate', { env: 'production', artifact: p.digest });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as { decision: string; gateId: string };
    expect(outcome.decision).toBe('deny');
    expect(await recordedIds()).toEqual([...before, outcome.gateId]);
  });

  it('records an unapproved production deploy with its violation though its violation id is held', async () => {
    const response = await post('/v1/events', deploy);
    expect(response.status, await response.clone().text()).toBe(201);
    const body = (await response.json()) as { violations: { code: string }[] };
    expect(body.violations.map((v) => v.code)).toContain('APPROVAL_MISSING');
    const ids = await recordedIds();
    expect(ids).toContain(deploy.context.id);
    // The deploy and each of its violations, none of them under the squatter's id.
    const after = ids.slice(ids.indexOf(deploy.context.id));
    expect(after).toHaveLength(1 + body.violations.length);
    expect(after.filter((id) => id === squatter.context.id)).toEqual([]);
  });
});

describe('shiplog emit (embedded store) of what only shiplog decides', () => {
  it('is refused, naming the field, and exits 3 with nothing recorded', async () => {
    const dir = ledger.dir;
    const file = join(dir, 'forged.ndjson');
    await writeFile(file, `${JSON.stringify(forgedAllow(p.digest, 'cli-forged'))}\n`);
    const env = { SHIPLOG_STORE: `sqlite:${join(dir, 'cli.db')}` };
    const run = await shiplog(['emit', '--json', file], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as {
      events: { status: string; problems?: { code: string; path: string; message: string }[] }[];
    };
    expect(report.events[0]?.status).toBe('refused');
    expect(report.events[0]?.problems?.map((q) => [q.code, q.path])).toEqual([
      ['EVENT_TYPE_RESERVED', '/context/type'],
    ]);
    expect(report.events[0]?.problems?.[0]?.message).toContain('only by shiplog');
    const forged: CDEvent[] = [];
    const store = await createSqliteEventStore(join(dir, 'cli.db'));
    try {
      for await (const r of store.readAll()) forged.push(JSON.parse(r.data) as CDEvent);
    } finally {
      await store.close();
    }
    expect(forged).toEqual([]);
  });
});
