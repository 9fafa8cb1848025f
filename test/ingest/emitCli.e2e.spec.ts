import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiplog as runShiplog } from '../support/shiplogCli.ts';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

const example = resolve(import.meta.dirname, '../../examples/checkout-pipeline.ndjson');

function shiplog(args: string[], env: Record<string, string>, stdin?: string) {
  return runShiplog(args, { cwd: dir, env, ...(stdin === undefined ? {} : { stdin }) });
}

interface EmitJson {
  summary: { recorded: number; duplicate: number; refused: number; violations: number };
  events: {
    status: string;
    eventId?: string;
    line: number;
    violations?: { code: string }[];
    problems?: { path: string }[];
  }[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-emit-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('shiplog emit into the embedded store', () => {
  const env = () => ({ SHIPLOG_STORE: `sqlite:${join(dir, 'embedded', 'ledger.db')}` });

  it('records a pipeline, names the violation, and exits 0', async () => {
    const run = await shiplog(['emit', '--json', example], env());
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EmitJson;
    expect(report.summary).toEqual({ recorded: 12, duplicate: 0, refused: 0, failed: 0, violations: 1 });
    expect(report.events[11]?.violations?.map((v) => v.code)).toEqual(['APPROVAL_MISSING']);
  });

  it('answers a re-run as all duplicates and the chain verifies', async () => {
    const run = await shiplog(['emit', example], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 recorded, 12 duplicate, 0 refused');
    expect((await shiplog(['verify'], env())).code).toBe(0);
  });

  it('refuses a bad line among good ones from stdin, records the good ones, exits 3', async () => {
    const good = changeEvents(2, 'stdin').map((e) => JSON.stringify(e));
    const input = [good[0], '{"context": {"id": "broken"', good[1]].join('\n') + '\n';
    const run = await shiplog(['emit', '--json', '-'], env(), input);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as EmitJson;
    expect(report.summary).toMatchObject({ recorded: 2, refused: 1 });
    expect(report.events[1]).toMatchObject({ status: 'refused', line: 2 });
  });

  it('is a usage error to pass an unknown flag (exit 2)', async () => {
    expect((await shiplog(['emit', '--bogus', example], env())).code).toBe(2);
  });

  it('fails clearly (exit 1) on a file it cannot read', async () => {
    const run = await shiplog(['emit', join(dir, 'missing.ndjson')], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read');
  });
});

describe('shiplog emit over NATS', () => {
  let world: IngestWorld;
  beforeAll(async () => {
    world = await createIngestWorld();
    await world.startInProcess();
  });
  afterAll(async () => world?.dispose());

  it('gets the ledger answer for every event through ingest, with progress on stderr', async () => {
    const file = join(dir, 'many.ndjson');
    await writeFile(
      file,
      changeEvents(2_000, 'cli')
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    const env = { SHIPLOG_NATS_URL: world.nats.url, SHIPLOG_NAMESPACE: world.namespace };
    const run = await shiplog(['emit', file], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2000 recorded, 0 duplicate, 0 refused');
    expect(run.stderr).toMatch(/shiplog emit: 2000\/2000/);
    expect(await world.records()).toHaveLength(2_000);
  });

  it('sends a malformed event to ingest, which refuses it into the rejected log (exit 3)', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ context: { id: 'not-an-event', type: 'dev.cdevents.change.created.0.4.0' } }),
    );
    const env = { SHIPLOG_NATS_URL: world.nats.url, SHIPLOG_NAMESPACE: world.namespace };
    const run = await shiplog(['emit', '--json', bad], env);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as EmitJson;
    expect(report.events[0]?.status).toBe('refused');
    const rejected = await world.bus.readRejected({ limit: 10 });
    expect(rejected.some((entry) => new TextDecoder().decode(entry.data).includes('not-an-event'))).toBe(
      true,
    );
  });

  it('refuses the same event id with other content (exit 3), as the embedded path does', async () => {
    const [event] = changeEvents(1, 'reuse') as [{ context: object; subject: { id: string } }];
    const first = join(dir, 'first.json');
    const altered = join(dir, 'altered.json');
    await writeFile(first, JSON.stringify(event));
    await writeFile(
      altered,
      JSON.stringify({ ...event, subject: { ...event.subject, id: 'another-change' } }),
    );
    const env = { SHIPLOG_NATS_URL: world.nats.url, SHIPLOG_NAMESPACE: world.namespace };
    expect((await shiplog(['emit', first], env)).code).toBe(0);
    expect((await shiplog(['emit', first], env)).stdout).toContain('0 recorded, 1 duplicate, 0 refused');
    const run = await shiplog(['emit', '--json', altered], env);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as EmitJson;
    expect(report.events[0]).toMatchObject({ status: 'refused', problems: [{ path: '/context/id' }] });
  });
});
