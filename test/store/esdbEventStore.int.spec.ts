import { randomUUID } from 'node:crypto';
import { createEsdbEventStore } from '@shiplog/store';
import { describeEventStoreContract } from '@shiplog/store/testing';
import { startEsdbTestServer } from '../support/esdb/esdbTestServer.ts';
import { describeMultiWriterScenarios } from './esdbMultiWriter.ts';

// The one contract and the several-writers scenarios, against the adapter speaking gRPC to the
// wire-compatible test server…
describeEventStoreContract('esdb adapter on the EventStoreDB test server', async () => {
  const server = await startEsdbTestServer();
  const store = await createEsdbEventStore(server.url);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await server.stop();
    },
  };
});
describeMultiWriterScenarios('EventStoreDB test server', () => startEsdbTestServer());

// …and against a real EventStoreDB when one is given (e.g. `docker compose up eventstore` and
// SHIPLOG_TEST_ESDB_URL=esdb://127.0.0.1:2113?tls=false). Fresh namespaces keep each run's ledgers
// apart from earlier runs' on the same server.
const realServer = process.env['SHIPLOG_TEST_ESDB_URL'];
if (realServer !== undefined && realServer !== '') {
  describeEventStoreContract('esdb adapter on a real EventStoreDB', async () => {
    const namespace = `contract_${randomUUID().replaceAll('-', '')}`;
    const store = await createEsdbEventStore(realServer, { namespace });
    return { store, cleanup: () => store.close() };
  });
  describeMultiWriterScenarios('real EventStoreDB', () =>
    Promise.resolve({ url: realServer, stop: () => Promise.resolve() }),
  );
}
