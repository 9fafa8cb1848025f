import { createHash, randomUUID } from 'node:crypto';
import { EventStoreDBClient, NO_STREAM, binaryEvent } from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreErrorCode, ZERO_HASH, createEsdbEventStore, recordHash, verifyChain } from '@shiplog/store';
import type { EsdbTestServer } from '../support/esdb/esdbTestServer.ts';
import { startEsdbTestServer } from '../support/esdb/esdbTestServer.ts';

// What versions before facts were keyed by (source, id) wrote to EventStoreDB, spelled out here
// (not imported) because it is a fixed past format: v1 ledger metadata without `source`, links
// whose EventStoreDB ids derive from the CDEvent id alone, one id-index stream per id.
function legacyUuid(role: 'link' | 'index', id: string): string {
  const bytes = createHash('sha256').update(`shiplog/${role}\0${id}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const cdevent = (id: string, source: string, n = 1): string =>
  JSON.stringify({
    context: { id, source, type: 'dev.cdevents.test.happened.0.1.0', timestamp: '2026-01-01T00:00:00Z' },
    subject: { id: 's', content: { n } },
  });

/** One record as a v1 writer committed it: the ledger event, and (unless it died first) its links. */
async function writeLegacyRecord(
  client: EventStoreDBClient,
  record: { position: number; prevHash: string; stream: string; id: string; data: string },
  linked: boolean,
): Promise<string> {
  const fields = {
    streamId: record.stream,
    revision: 0,
    id: record.id,
    type: 'dev.cdevents.test.happened.0.1.0',
    producer: 'v1',
    recordedAt: '2026-11-01T00:00:00.000Z',
    data: record.data,
  };
  const hash = recordHash(record.prevHash, ZERO_HASH, fields);
  const ledgerRevision = record.position - 1;
  await client.appendToStream(
    'shiplog.ledger',
    binaryEvent({
      id: randomUUID(),
      type: fields.type,
      data: Buffer.from(record.data, 'utf8'),
      metadata: {
        v: 'shiplog.ledger.v1',
        ...fields,
        data: undefined,
        type: undefined,
        prevHash: record.prevHash,
        streamPrevHash: ZERO_HASH,
        hash,
        batchStart: ledgerRevision,
        batchSize: 1,
      },
    }),
    { expectedRevision: ledgerRevision === 0 ? NO_STREAM : BigInt(ledgerRevision - 1) },
  );
  if (linked) {
    const link = (role: 'link' | 'index') =>
      binaryEvent({
        id: legacyUuid(role, record.id),
        type: '$>',
        data: Buffer.from(`${ledgerRevision}@shiplog.ledger`),
      });
    const index = `shiplog.id-${createHash('sha256').update(record.id, 'utf8').digest('hex')}`;
    await client.appendToStream(record.stream, link('link'), { expectedRevision: NO_STREAM });
    await client.appendToStream(index, link('index'), { expectedRevision: NO_STREAM });
  }
  return hash;
}

describe('an EventStoreDB ledger written before facts were keyed by (source, id)', () => {
  let server: EsdbTestServer;
  let client: EventStoreDBClient;
  beforeEach(async () => {
    server = await startEsdbTestServer();
    client = EventStoreDBClient.connectionString(server.url);
  });
  afterEach(async () => {
    await client.dispose();
    await server.stop();
  });

  for (const tailLinked of [true, false]) {
    it(`keeps working${tailLinked ? '' : ' when its last writer died before linking'}: old facts found by their key, verify intact`, async () => {
      const first = await writeLegacyRecord(
        client,
        { position: 1, prevHash: ZERO_HASH, stream: 'release-r1', id: '42', data: cdevent('42', '/ci/a') },
        true,
      );
      await writeLegacyRecord(
        client,
        { position: 2, prevHash: first, stream: 'release-r2', id: '7', data: cdevent('7', '/ci/a') },
        tailLinked,
      );
      const store = await createEsdbEventStore(server.url);
      try {
        expect(await store.readEvent('7', '/ci/a')).toMatchObject({ position: 2, source: '/ci/a' });
        expect(await store.readEvent('42')).toMatchObject({ position: 1, source: '/ci/a' });
        // An old fact's retry is its duplicate; other content under its key is refused…
        const retry = { id: '42', type: 'dev.cdevents.test.happened.0.1.0', data: cdevent('42', '/ci/a') };
        expect((await store.appendToStream('release-r1', [retry])).duplicate).toBe(true);
        const changed = { ...retry, data: cdevent('42', '/ci/a', 2) };
        await expect(store.appendToStream('release-r1', [changed])).rejects.toMatchObject({
          code: StoreErrorCode.EventIdReused,
        });
        // …and the same id from another source is another fact, indexed after the old one.
        const other = { ...retry, data: cdevent('42', '/ci/b') };
        const { records } = await store.appendToStream('release-r1', [other]);
        expect(records[0]).toMatchObject({ revision: 1, source: '/ci/b', position: 3 });
        expect((await store.readEventsById('42')).map((r) => [r.source, r.position])).toEqual([
          ['/ci/a', 1],
          ['/ci/b', 3],
        ]);
        expect(await verifyChain(store)).toMatchObject({ ok: true, count: 3 });
      } finally {
        await store.close();
      }
    });
  }
});
