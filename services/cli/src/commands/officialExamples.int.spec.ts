import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownEventType } from '@shiplog/events';
import { ProducerIdentity } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';
import { ExitCode } from '../exitCodes.ts';
import { main } from '../main.ts';
import { captureIo } from '../testing/captureIo.ts';

const schemas = join(import.meta.dirname, '..', '..', '..', '..', 'events', 'schemas');

// Every official example of spec 0.3.0, 0.4.0, 0.4.1, 0.5.0 (vendored from the spec repository at
// those tags, see cdevents-legacy/*/SOURCE.txt) and 0.5.1, with the spec version it belongs to.
async function officialExamples(): Promise<{ spec: string; file: string }[]> {
  const found: { spec: string; file: string }[] = [];
  const folders = [
    ['0.3.0', 'cdevents-legacy/spec-v0.3.0/examples'],
    ['0.4.0', 'cdevents-legacy/spec-v0.4.0/examples'],
    ['0.4.1', 'cdevents-legacy/spec-v0.4.1/conformance'],
    ['0.4.1', 'cdevents-legacy/spec-v0.4.1/custom'],
    ['0.5.0', 'cdevents-legacy/spec-v0.5.0/conformance'],
    ['0.5.0', 'cdevents-legacy/spec-v0.5.0/custom'],
    ['0.5.1', 'cdevents-0.5.1/conformance'],
    ['0.5.1', 'cdevents-0.5.1/custom'],
  ] as const;
  for (const [spec, folder] of folders) {
    for (const name of (await readdir(join(schemas, folder))).sort()) {
      if (name.endsWith('.json') && name !== 'schema.json')
        found.push({ spec, file: join(schemas, folder, name) });
    }
  }
  return found;
}

function capture(cwd: string, env: Record<string, string> = {}) {
  return captureIo({ cwd, env, isTTY: true });
}

interface Example {
  readonly spec: string;
  readonly file: string;
  readonly event: { context: Record<string, unknown>; subject: Record<string, unknown> };
}

let dir: string;
let examples: Example[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-examples-'));
  examples = await Promise.all(
    (await officialExamples()).map(async ({ spec, file }) => ({
      spec,
      file,
      event: JSON.parse(await readFile(file, 'utf8')) as Example['event'],
    })),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the official CDEvents examples of spec 0.3.0 to 0.5.1', () => {
  it('are all accepted by shiplog validate', async () => {
    expect(examples.map((e) => e.spec).filter((s, i, all) => all.indexOf(s) === i)).toEqual([
      '0.3.0',
      '0.4.0',
      '0.4.1',
      '0.5.0',
      '0.5.1',
    ]);
    expect(examples).toHaveLength(39 + 45 + 46 + 46 + 46);
    const c = capture(dir);
    const code = await main(['validate', '--json', ...examples.map((e) => e.file)], c.io);
    const report = JSON.parse(c.out()) as { summary: { valid: number; invalid: number } };
    expect(report.summary).toMatchObject({ valid: examples.length, invalid: 0 });
    expect(code).toBe(ExitCode.Done);
  });

  it('are accepted inside structured-mode CloudEvents 1.0 and 0.3 too', async () => {
    const wrapped = examples.map(({ event }, i) => ({
      specversion: i % 2 === 0 ? '1.0' : '0.3',
      id: `transport-${i}`,
      source: event.context.source,
      type: event.context.type,
      datacontenttype: 'application/json',
      data: event,
    }));
    const file = join(dir, 'wrapped.ndjson');
    await writeFile(file, wrapped.map((w) => JSON.stringify(w)).join('\n'));
    const c = capture(dir);
    expect(await main(['validate', file], c.io)).toBe(ExitCode.Done);
    expect(c.out()).toContain(`${examples.length} events: ${examples.length} valid, 0 invalid`);
  });

  it('are recorded by shiplog emit into one embedded store, as sent, read as their 0.5.1 types', async () => {
    // Every example has the same context.id and context.source. Distinct producers have distinct
    // sources, so each gets its own source here; under the ledger's (source, id) key that alone
    // separates them. This ledger still keys by id alone, so each also gets its own id suffix.
    const sent = examples.map(({ spec, file, event }) => {
      const name = relative(schemas, file);
      const context = {
        ...event.context,
        source: `/examples/${spec}/${name}`,
        id: `${String(event.context.id)}/${name}`,
      };
      return JSON.stringify({ ...event, context });
    });
    const file = join(dir, 'all.ndjson');
    await writeFile(file, sent.join('\n'));
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const c = capture(dir, { SHIPLOG_STORE: store });
    const code = await main(['emit', '--json', file], c.io);
    const report = JSON.parse(c.out()) as { summary: { recorded: number; refused: number } };
    expect(report.summary).toMatchObject({ recorded: examples.length, refused: 0 });
    expect(code).toBe(ExitCode.Done);

    const ledger = await openStore(store);
    const records: RecordedEvent[] = [];
    try {
      for await (const record of ledger.readAll())
        if (record.producer === ProducerIdentity.Local) records.push(record);
    } finally {
      await ledger.close();
    }
    expect(records.map((r) => r.data).sort()).toEqual([...sent].sort());
    const legacy = records.filter(
      (r) => (JSON.parse(r.data) as Example['event']).context.version !== undefined,
    );
    expect(legacy).toHaveLength(39 + 45 + 46);
    for (const record of records) {
      const type = record.type;
      expect(isKnownEventType(type) || type.startsWith('dev.cdeventsx.mytool-'), type).toBe(true);
    }
  });

  it('emit unwraps a structured-mode CloudEvent, and refuses one whose attributes disagree with its CDEvent', async () => {
    const first = examples[0] as Example;
    const event: Example['event'] = { ...first.event, context: { ...first.event.context, id: 'wrapped-1' } };
    const wrap = (source: unknown) => ({
      specversion: '1.0',
      id: 'ce-1',
      source,
      type: event.context.type,
      data: event,
    });
    const file = join(dir, 'wrapped-emit.ndjson');
    await writeFile(
      file,
      [wrap(event.context.source), wrap('/elsewhere')].map((w) => JSON.stringify(w)).join('\n'),
    );
    const store = `sqlite:${join(dir, 'wrapped.db')}`;
    const c = capture(dir, { SHIPLOG_STORE: store });
    expect(await main(['emit', '--json', file], c.io)).toBe(ExitCode.Refused);
    const report = JSON.parse(c.out()) as {
      events: { status: string; eventId?: string; problems?: { path: string; code: string }[] }[];
    };
    expect(report.events[0]).toMatchObject({ status: 'recorded', eventId: 'wrapped-1' });
    expect(report.events[1]).toMatchObject({
      status: 'refused',
      problems: [{ path: '/source', code: 'CLOUDEVENT_INVALID' }],
    });
    const ledger = await openStore(store);
    try {
      expect(JSON.parse((await ledger.readEvent('wrapped-1'))?.data ?? '')).toEqual(event);
    } finally {
      await ledger.close();
    }
  });

  it('a deployment sent as spec 0.3.0 answers `shiplog deployed` like a 0.5.1 one', async () => {
    const legacy = examples.find((e) => e.spec === '0.3.0' && e.file.endsWith('service_deployed.json'));
    expect(legacy?.event.context.type).toBe('dev.cdevents.service.deployed.0.1.1');
    const file = join(dir, 'deployed-0.3.0.json');
    await writeFile(file, JSON.stringify(legacy?.event));
    const env = { SHIPLOG_STORE: `sqlite:${join(dir, 'deployed.db')}` };
    expect(await main(['emit', file], capture(dir, env).io)).toBe(ExitCode.Done);
    const c = capture(dir, env);
    const environment = (legacy?.event.subject.content as { environment: { id: string } }).environment.id;
    expect(await main(['deployed', '--env', environment, '--json'], c.io)).toBe(ExitCode.Done);
    const answer = JSON.parse(c.out()) as { services: { service: string; artifactId: string }[] };
    expect(answer.services).toEqual([
      expect.objectContaining({
        service: legacy?.event.subject.id,
        artifactId: (legacy?.event.subject.content as { artifactId: string }).artifactId,
      }),
    ]);
  });
});
