import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll } from 'vitest';
import { describeBusContract } from '../testing/busContract.ts';
import { createNatsBus } from './natsBus.ts';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
});
afterAll(async () => {
  await server?.dispose();
});

describeBusContract('NATS JetStream', async (topology) => {
  const open = (overrides = {}) =>
    createNatsBus({ servers: server.url, name: 'contract', topology: { ...topology, ...overrides } });
  return { bus: await open(), connect: open, cleanup: () => Promise.resolve() };
});
