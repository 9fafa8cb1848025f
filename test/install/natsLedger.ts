import { join } from 'node:path';
import { createNatsBus, natsServerConfig, passwordVariable } from '@shiplog/bus';
import { natsTestUsers } from '@shiplog/bus/testing';
import { startIngest } from '@shiplog/ingest';
import { createSqliteEventStore } from '@shiplog/store';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import { pino } from 'pino';

/** nats-server with the generated production permissions, and ingest recording into SQLite. */
export interface NatsLedger {
  readonly url: string;
  /** The password of a test user (`ci`, `cd`, `ingest`, …). */
  password(user: string): string;
  /** Every recorded event: its id and the producer it was recorded as. */
  records(): Promise<{ id: string; producer: string }[]>;
  stop(): Promise<void>;
}

/** Starts it with its store in `dir`; `stop()` it in `afterAll`. */
export async function startNatsLedger(dir: string): Promise<NatsLedger> {
  const password = (user: string): string => `${user}-install-pw`;
  for (const { user } of natsTestUsers) process.env[passwordVariable(user)] = password(user);
  // The generated configuration, on the test server's own port and store directory.
  const config = natsServerConfig({ users: natsTestUsers })
    .replace('port: 4222\n', '')
    .replace('http: 8222\n', '')
    .replace('jetstream { store_dir: "/data" }\n', '');
  const nats = await startNatsServer({ jetstream: true, config });
  const store = await createSqliteEventStore(join(dir, 'ledger.db'));
  const bus = await createNatsBus({ servers: nats.url, user: 'ingest', password: password('ingest') });
  const consumption = await startIngest({ bus, store, logger: pino({ level: 'silent' }) });
  return {
    url: nats.url,
    password,
    records: async () => {
      const recorded = [];
      for await (const record of store.readAll()) recorded.push({ id: record.id, producer: record.producer });
      return recorded;
    },
    stop: async () => {
      await consumption.stop();
      await bus.close();
      await store.close();
      await nats.dispose();
    },
  };
}
