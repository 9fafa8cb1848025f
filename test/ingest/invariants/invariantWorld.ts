import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { createNatsBus } from '@shiplog/bus';
import { toBinaryCloudEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { startIngest } from '@shiplog/ingest';
import type { RecordAnswer } from '@shiplog/ledger';
import type { Emitter } from '@shiplog/sdk';
import { createEmitter } from '@shiplog/sdk';
import type { EventStore } from '@shiplog/store';
import { createSqliteEventStore } from '@shiplog/store';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { pino } from 'pino';
import { startApiProcess } from '../../api/apiProcess.ts';
import type { ApiProcess } from '../../api/apiProcess.ts';
import { shiplog } from '../../support/shiplogCli.ts';
import type { CliRun } from '../../support/shiplogCli.ts';
import type { PlannedEvent } from './invariantPlans.ts';

/**
 * Everything real, around one SQLite ledger: `shiplog emit` processes (embedded store), a
 * `shiplog serve api` process (HTTP in, auditors' answers out), and a nats-server with ingest.
 */
export interface InvariantWorld {
  readonly dir: string;
  /** The ledger, opened in this process (ingest's store; also for look-ups). */
  readonly store: EventStore;
  /** Sends events each by its own way; the ledger's answers, in the same order. */
  send(events: readonly PlannedEvent[]): Promise<RecordAnswer[]>;
  /** GET on the API with the auditor's token: status and JSON body. */
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** Runs the `shiplog` command on the ledger. */
  cli(args: readonly string[]): Promise<CliRun>;
  /** Stops the API (for `shiplog replay`) and starts it again. */
  restartApi(between: () => Promise<void>): Promise<void>;
  dispose(): Promise<void>;
}

export async function createInvariantWorld(): Promise<InvariantWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'shiplog-invariants-'));
  const token = randomBytes(24).toString('base64url');
  const env = {
    SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
    SHIPLOG_API_TOKENS: `fuzz:admin:${createHash('sha256').update(token).digest('hex')}`,
  };
  const store = await createSqliteEventStore(join(dir, 'ledger.db'));
  const nats: NatsServer = await startNatsServer({ jetstream: true });
  const topology = { namespace: `inv${randomBytes(4).toString('hex')}` };
  const ingestBus: Bus = await createNatsBus({ servers: nats.url, topology });
  const logger = pino({ level: 'silent' });
  const ingest: Consumption = await startIngest({ bus: ingestBus, store, logger, ackWaitMs: 10_000 });
  const emitterBus: Bus = await createNatsBus({ servers: nats.url, topology });
  const emitter: Emitter = await createEmitter({ bus: emitterBus, answerTimeoutMs: 20_000 });
  let api: ApiProcess = await startApiProcess({ cwd: dir, env });

  const post = async (event: PlannedEvent): Promise<RecordAnswer> => {
    const body = event.wrapInArray ? `[${event.text}]` : event.text;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (event.way === 'http-binary') {
      const value = JSON.parse(event.text) as CDEvent;
      // Header values travel as UTF-8: a lone surrogate cannot; send its replacement and let the
      // API say the header does not match the event.
      const sendable = (text: unknown) => (typeof text === 'string' ? text.toWellFormed() : text);
      const context = {
        ...value.context,
        id: sendable(value.context.id),
        source: sendable(value.context.source),
      };
      const subject = { ...value.subject, id: sendable(value.subject.id) };
      Object.assign(headers, toBinaryCloudEvent({ ...value, context, subject } as CDEvent).headers);
    } else {
      headers['content-type'] = 'application/cloudevents+json';
    }
    const structured = `{"specversion":"1.0","id":${JSON.stringify(event.id)},"source":${JSON.stringify(event.source)},"type":${JSON.stringify(event.type)},"datacontenttype":"application/json","data":${body}}`;
    const response = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers,
      body: event.way === 'http-binary' ? body : structured,
    });
    return (await response.json()) as RecordAnswer;
  };

  const emitByCli = async (events: readonly PlannedEvent[]): Promise<RecordAnswer[]> => {
    if (events.length === 0) return [];
    const stdin = events.map((event) => event.text).join('\n') + '\n';
    const run = await shiplog(['emit', '--json', '-'], { cwd: dir, env, stdin });
    const report = JSON.parse(run.stdout) as { events: (RecordAnswer & { line: number })[] };
    return events.map((_, index) => {
      const answer = report.events.find((e) => e.line === index + 1);
      if (answer === undefined)
        throw new Error(`shiplog emit gave no answer for line ${index + 1}: ${run.stderr}`);
      return answer;
    });
  };

  return {
    dir,
    store,
    async send(events) {
      // Every way at once: one `shiplog emit` for the CLI's share, each other event on its own.
      const byCli = events.filter((event) => event.way === 'cli');
      const cli = emitByCli(byCli);
      const others = events.map((event) => {
        if (event.way === 'cli') return cli.then((answers) => answers[byCli.indexOf(event)] as RecordAnswer);
        return event.way === 'nats' ? emitter.emit({ text: event.text }) : post(event);
      });
      return Promise.all(others);
    },
    async get(path) {
      const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body: unknown = await response.json();
      return { status: response.status, body };
    },
    cli: (args) => shiplog(args, { cwd: dir, env }),
    async restartApi(between) {
      await api.stop();
      await between();
      api = await startApiProcess({ cwd: dir, env });
    },
    async dispose() {
      await api.stop();
      await emitter.close();
      await emitterBus.close();
      await ingest.stop();
      await ingestBus.close();
      await store.close();
      await nats.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
