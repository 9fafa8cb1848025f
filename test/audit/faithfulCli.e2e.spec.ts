// Issue 14 through the real `shiplog` command on its embedded SQLite ledger: every instant is read
// one way, what cannot be kept faithfully is refused, look-alike environments do not escape the
// approval rule, `why` finds any event, `dora --json` is exact, and `verify` is not blinded by a
// record a UTF-8 store made lossy before lone surrogates were refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { recordHash, ZERO_HASH } from '@shiplog/store';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

let dir: string;
const dirs: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-faithful-'));
  dirs.push(dir);
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const run = (args: readonly string[], stdin?: string, env: Record<string, string> = {}) =>
  shiplog(args, { cwd: dir, env, ...(stdin === undefined ? {} : { stdin }) });

function cdEvent(id: string, type: string, timestamp: string, subject: string, content: object): string {
  const context = { specversion: '0.5.1', id, source: '/cd/argo', type, timestamp };
  return JSON.stringify({ context, subject: { id: subject, content } });
}

function deployed(id: string, timestamp: string, environment: string, service = 'checkout'): string {
  return cdEvent(id, 'dev.cdevents.service.deployed.0.3.0', timestamp, service, {
    environment: { id: environment },
    artifactId: 'pkg:npm/shop@1.0.0',
  });
}

interface EmitReport {
  events: {
    status: string;
    eventId?: string;
    position?: number;
    problems?: { code: string; path: string }[];
    violations?: { code: string }[];
  }[];
}

async function emit(text: string, env: Record<string, string> = {}): Promise<EmitReport['events'][number]> {
  const result = await run(['emit', '--json', '-'], text, env);
  return (JSON.parse(result.stdout) as EmitReport).events[0] as EmitReport['events'][number];
}

describe('timestamps: one reading, at the edge', () => {
  it('offsets, +05, a leap second and dates before 1970 all show in history and deployed, in time order', async () => {
    for (const [id, at] of [
      ['with-offset', '2026-01-01T10:00:00+05:00'], // 05:00Z
      ['hours-only', '2026-01-01T11:00:00+05'], // 06:00Z
      ['west', '2026-01-01T04:30:00-01:00'], // 05:30Z: sorts between, not first as text would
      ['leap', '2016-12-31T23:59:60Z'],
      ['moon', '1969-07-20T20:17:00Z'],
    ] as const) {
      expect((await emit(deployed(id, at, 'tz'))).status).toBe('recorded');
    }
    const history = JSON.parse((await run(['history', '--env', 'tz', '--json'])).stdout) as {
      entries: { eventId: string; at: string }[];
    };
    expect(history.entries.map((e) => [e.eventId, e.at])).toEqual([
      ['moon', '1969-07-20T20:17:00.000Z'],
      ['leap', '2016-12-31T23:59:59.999Z'],
      ['with-offset', '2026-01-01T05:00:00.000Z'],
      ['west', '2026-01-01T05:30:00.000Z'],
      ['hours-only', '2026-01-01T06:00:00.000Z'],
    ]);
    const at = async (time: string) =>
      (
        JSON.parse((await run(['deployed', '--env', 'tz', '--at', time, '--json'])).stdout) as {
          services: { eventId: string }[];
        }
      ).services.map((s) => s.eventId);
    expect(await at('1970-01-01T00:00:00Z')).toEqual(['moon']);
    expect(await at('2017-01-01T00:00:00Z')).toEqual(['leap']);
    expect(await at('2026-01-01T05:45:00Z')).toEqual(['west']);
    expect(await at('2026-01-01T11:00:00+05')).toEqual(['hours-only']);
  });
});

describe('what cannot be kept faithfully is refused, with its code and path', () => {
  it('a lone surrogate in the id, subject or environment: exit 3, nothing recorded', async () => {
    const lone = '\\ud800';
    const texts = [
      deployed(`id-X`, '2026-01-01T00:00:00Z', 'prod').replace('id-X', `id-${lone}`),
      deployed('subject', '2026-01-01T00:00:00Z', 'prod', `svc-X`).replace('svc-X', `svc-${lone}`),
      deployed('environment', '2026-01-01T00:00:00Z', 'prod-X').replace('prod-X', `prod-${lone}`),
    ];
    const result = await run(['emit', '--json', '-'], texts.join('\n'));
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as EmitReport;
    expect(report.events.map((e) => e.problems?.[0])).toEqual([
      expect.objectContaining({ code: 'FIELD_TEXT_ILL_FORMED', path: '/context/id' }),
      expect.objectContaining({ code: 'FIELD_TEXT_ILL_FORMED', path: '/subject/id' }),
      expect.objectContaining({ code: 'FIELD_TEXT_ILL_FORMED', path: '/subject/content/environment/id' }),
    ]);
    expect(JSON.parse((await run(['verify', '--json'])).stdout)).toMatchObject({ ok: true, count: 0 });
  });

  it('1e999 and 2e999 (and 2^53 + 1) are refused, not answered "duplicate"', async () => {
    const withNumber = (id: string, n: string) =>
      `${deployed(id, '2026-01-01T00:00:00Z', 'nums').slice(0, -1)},"customData":{"n":${n}}}`;
    for (const [id, n] of [
      ['n1', '1e999'],
      ['n1', '2e999'],
      ['n2', '9007199254740993'],
    ] as const) {
      const answer = await emit(withNumber(id, n));
      expect(answer).toMatchObject({
        status: 'refused',
        problems: [{ code: 'FIELD_NUMBER_INEXACT', path: '/customData/n' }],
      });
    }
    expect((await emit(withNumber('n2', '9007199254740992'))).status).toBe('recorded');
  });
});

describe('look-alike environments do not escape the approval rule', () => {
  const codes = (answer: { violations?: { code: string }[] }) => (answer.violations ?? []).map((v) => v.code);

  it('case, a Cyrillic о and NFD spellings need the approval; a look-alike is flagged', async () => {
    expect(codes(await emit(deployed('case', '2026-01-01T00:00:00Z', 'Production')))).toContain(
      'APPROVAL_MISSING',
    );
    const cyrillic = codes(await emit(deployed('cyrillic', '2026-01-01T00:00:00Z', 'pr\u043eduction')));
    expect(cyrillic).toEqual(expect.arrayContaining(['APPROVAL_MISSING', 'ENVIRONMENT_LOOKALIKE']));
    const env = { SHIPLOG_APPROVAL_ENVIRONMENTS: 'caf\u00e9' };
    expect(codes(await emit(deployed('nfd', '2026-01-01T00:00:00Z', 'cafe\u0301'), env))).toContain(
      'APPROVAL_MISSING',
    );
    expect(codes(await emit(deployed('plain', '2026-01-01T00:00:00Z', 'staging')))).not.toContain(
      'APPROVAL_MISSING',
    );
  });

  it('an approval for PRODUCTION counts for production (one environment, one identity)', async () => {
    const approval = cdEvent(
      'approval-1',
      'dev.cdeventsx.shiplog-approval.granted.0.1.0',
      '2026-01-01T00:00:00Z',
      'approval-1',
      {
        approver: { id: 'alice@example.com' },
        environment: { id: 'PRODUCTION' },
        artifact: { purl: 'pkg:npm/shop@1.0.0' },
      },
    );
    expect((await emit(approval)).status).toBe('recorded');
    expect(codes(await emit(deployed('approved', '2026-01-01T01:00:00Z', 'production')))).not.toContain(
      'APPROVAL_MISSING',
    );
  });
});

describe('why and dora', () => {
  it('why finds a recorded event that names no artifact', async () => {
    const removed = cdEvent(
      'gone-1',
      'dev.cdevents.service.removed.0.3.0',
      '2026-01-01T00:00:00Z',
      'checkout',
      {
        environment: { id: 'staging' },
      },
    );
    expect((await emit(removed)).status).toBe('recorded');
    const result = await run(['why', 'gone-1', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      matched: 'event',
      event: { eventId: 'gone-1' },
      artifacts: [],
    });
    expect((await run(['why', 'gone-1'])).stdout).toContain('gone-1');
  });

  it('dora --json carries full precision; the human output rounds', async () => {
    expect((await emit(deployed('once', '2026-01-02T00:00:00Z', 'dora'))).status).toBe('recorded');
    const window = ['--env', 'dora', '--since', '2026-01-01T00:00:00Z', '--until', '2026-01-04T00:00:00Z'];
    const json = JSON.parse((await run(['dora', ...window, '--json'])).stdout) as {
      deploymentFrequency: { perDay: number };
    };
    expect(json.deploymentFrequency.perDay).toBe(1 / 3);
    expect((await run(['dora', ...window])).stdout).toContain('(0.3333/day)');
  });
});

describe('verify over a ledger written before lone surrogates were refused', () => {
  it('checks the lossy record exactly and names the first truly broken position after it', async () => {
    expect((await emit(deployed('before', '2026-01-01T00:00:00Z', 'staging'))).status).toBe('recorded');
    const path = join(dir, '.shiplog', 'ledger.db');
    // What the old writer did: hash the record as sent, then store it (U+FFFD for the surrogates).
    const db = new DatabaseSync(path);
    const last = db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1').get() as {
      position: number;
      hash: string;
    };
    const fields = {
      streamId: 'deployment-prod\ud800.checkout',
      revision: 0,
      id: 'legacy-\ud800',
      type: 'dev.cdevents.service.deployed.0.3.0',
      producer: 'local',
      recordedAt: '2026-01-01T00:00:01.000Z',
      data: deployed('legacy-X', '2026-01-01T00:00:01Z', 'prod-Y')
        .replace('legacy-X', 'legacy-\\ud800')
        .replace('prod-Y', 'prod\\ud800'),
    };
    const hash = recordHash(last.hash, ZERO_HASH, fields);
    db.prepare(
      'INSERT INTO events (position, stream_id, revision, event_id, type, data, producer, recorded_at, prev_hash, stream_prev_hash, hash, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      last.position + 1,
      fields.streamId,
      0,
      fields.id,
      fields.type,
      fields.data,
      fields.producer,
      fields.recordedAt,
      last.hash,
      ZERO_HASH,
      hash,
      'deployment',
    );
    db.close();
    const after = await emit(deployed('after', '2026-01-01T00:00:02Z', 'staging'));
    expect(after.status).toBe('recorded');
    const intact = await run(['verify', '--json']);
    expect(intact.code, intact.stdout).toBe(0);

    // Real tampering after the lossy record is still named, at its own position.
    const tamper = new DatabaseSync(path);
    tamper
      .prepare("UPDATE events SET data = replace(data, 'staging', 'stagin9') WHERE event_id = 'after'")
      .run();
    tamper.close();
    const broken = await run(['verify', '--json']);
    expect(broken.code).toBe(4);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      firstBreak: { position: after.position, reason: 'hash_mismatch' },
    });
  });
});
