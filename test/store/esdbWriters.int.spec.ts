import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, binaryEvent } from '@eventstore/db-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChainBreakReason,
  StoreErrorCode,
  ZERO_HASH,
  createEsdbEventStore,
  openStore,
  verifyChain,
} from '@shiplog/store';
import type { EventStore, NewEvent, RecordedEvent } from '@shiplog/store';
import { startEsdbTestServer } from '../support/esdb/esdbTestServer.ts';
import type { EsdbTestServer } from '../support/esdb/esdbTestServer.ts';

const LEDGER = 'shiplog.ledger';

function event(producer = 'test'): NewEvent {
  const id = randomUUID();
  return {
    id,
    type: 'dev.cdevents.test.happened.0.1.0',
    data: JSON.stringify({ context: { id } }),
    producer,
  };
}

async function collect(records: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('esdb adapter: crashes, tampering, outages and bad input (test server faults)', () => {
  let server: EsdbTestServer;
  const opened: EventStore[] = [];
  const open = async (): Promise<EventStore> => {
    const store = await createEsdbEventStore(server.url);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    server = await startEsdbTestServer();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await server.stop();
  });

  it('a writer cut off after its ledger commit loses nothing: the next reader and writer heal its links', async () => {
    const writer = await open();
    const stream = `change-${randomUUID()}`;
    const lost = event();
    // The connection drops for everything but the ledger: the commit lands, the links do not.
    server.log.refuseAppends = (name) => name !== LEDGER;
    await expect(writer.appendToStream(stream, [lost])).rejects.toMatchObject({
      code: StoreErrorCode.Unavailable,
    });
    server.log.refuseAppends = undefined;

    const other = await open();
    expect((await collect(other.readStream(stream))).map((r) => r.id)).toEqual([lost.id]);
    expect((await other.readEvent(lost.id))?.streamId).toBe(stream);
    // The producer retries the same event: it is recorded once.
    const retry = await writer.appendToStream(stream, [lost], { expectedRevision: 'no_stream' });
    expect(retry.duplicate).toBe(true);
    await other.appendToStream(stream, [event()], { expectedRevision: 0 });
    const verdict = await verifyChain(other);
    expect(verdict.ok).toBe(true);
    expect(verdict.count).toBe(2);
  });

  it('a group commit cut off after its ledger commit is healed into every stream it touched', async () => {
    const writer = await open();
    const [a, b] = [`release-${randomUUID()}`, `artifact-${randomUUID()}`];
    const appends = [
      { streamId: a, events: [event(), event()] },
      { streamId: b, events: [event()] },
      { streamId: a, events: [event()] },
    ];
    server.log.refuseAppends = (name) => name !== LEDGER;
    await expect(writer.appendBatch?.(appends)).rejects.toMatchObject({ code: StoreErrorCode.Unavailable });
    server.log.refuseAppends = undefined;

    const other = await open();
    const inA = await collect(other.readStream(a));
    expect(inA.map((r) => r.id)).toEqual([...appends[0]!.events, ...appends[2]!.events].map((e) => e.id));
    expect((await collect(other.readStream(b))).map((r) => r.revision)).toEqual([0]);
    const retried = await writer.appendBatch?.(appends);
    expect(retried?.map((r) => r.duplicate)).toEqual([true, true, true]);
    expect((await verifyChain(other)).count).toBe(4);
  });

  it('verifyChain names the first record whose stored bytes were altered', async () => {
    const store = await open();
    const stream = `incident-${randomUUID()}`;
    const { records } = await store.appendToStream(stream, [event(), event(), event()]);
    const target = records[1] as RecordedEvent;
    server.log.tamper(LEDGER, target.position - 1, { data: Buffer.from('{"context":{"id":"forged"}}') });
    const verdict = await verifyChain(store);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBreak).toEqual({
      position: target.position,
      streamId: stream,
      revision: 1,
      reason: ChainBreakReason.HashMismatch,
    });
  });

  it('verifyChain names a record someone appended to the ledger behind the adapter', async () => {
    const store = await open();
    await store.appendToStream(`release-${randomUUID()}`, [event()]);
    const client = EventStoreDBClient.connectionString(server.url);
    try {
      const forged = binaryEvent({
        type: 'dev.cdevents.service.deployed.0.3.0',
        data: Buffer.from('{}'),
        metadata: { streamId: 'deployment-prod.api', revision: 0, prevHash: ZERO_HASH, hash: ZERO_HASH },
      });
      await client.appendToStream(LEDGER, forged, { expectedRevision: 0n });
    } finally {
      await client.dispose();
    }
    const verdict = await verifyChain(store);
    expect(verdict.firstBreak).toMatchObject({ position: 2, reason: ChainBreakReason.PrevHashMismatch });
  });

  it('reports CHAIN_BROKEN for a stream whose links were written behind the adapter', async () => {
    const store = await open();
    const stream = `release-${randomUUID()}`;
    const client = EventStoreDBClient.connectionString(server.url);
    try {
      const dangling = binaryEvent({ type: '$>', data: Buffer.from(`99@${LEDGER}`) });
      await client.appendToStream(stream, dangling);
    } finally {
      await client.dispose();
    }
    await expect(collect(store.readStream(stream))).rejects.toMatchObject({
      code: StoreErrorCode.ChainBroken,
    });
    await expect(store.appendToStream(stream, [event()])).rejects.toMatchObject({
      code: StoreErrorCode.ChainBroken,
    });
    expect(await collect(store.readAll())).toEqual([]);
  });

  it('reads across pages, both ways, and appends a batch larger than one round of links', async () => {
    const store = await createEsdbEventStore(server.url, { pageSize: 7 });
    opened.push(store);
    const stream = `release-${randomUUID()}`;
    const batch = Array.from({ length: 150 }, () => event());
    await store.appendToStream(stream, batch.slice(0, 3));
    await store.appendToStream(`artifact-${randomUUID()}`, [event()]);
    await store.appendToStream(stream, batch.slice(3), { expectedRevision: 2 });
    const ids = batch.map((e) => e.id);
    const read = async (options: Parameters<EventStore['readStream']>[1]) =>
      (await collect(store.readStream(stream, options))).map((r) => r.id);
    expect(await read({})).toEqual(ids);
    expect(await read({ direction: 'backwards' })).toEqual([...ids].reverse());
    expect(await read({ fromRevision: 5, maxCount: 20 })).toEqual(ids.slice(5, 25));
    expect(await read({ direction: 'backwards', fromRevision: 20, maxCount: 15 })).toEqual(
      ids.slice(6, 21).reverse(),
    );
    const all = await collect(store.readAll({ afterPosition: 2, maxCount: 30 }));
    expect(all.map((r) => r.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 3));
    expect((await verifyChain(store)).count).toBe(151);
    expect(await store.readEvent(ids[149] as string)).toMatchObject({ revision: 149, streamId: stream });
  });

  it('reports STORE_CLOSED for every use after close', async () => {
    const store = await open();
    await store.close();
    const attempts = [
      store.appendToStream(`release-${randomUUID()}`, [event()]),
      collect(store.readStream(`release-${randomUUID()}`)),
      collect(store.readAll()),
      store.readEvent('x'),
      store.getStreamMetadata('release-1'),
    ];
    for (const attempt of attempts)
      await expect(attempt).rejects.toMatchObject({ code: StoreErrorCode.Closed });
    expect(() => store.subscribeToAll()).toThrow(expect.objectContaining({ code: StoreErrorCode.Closed }));
  });

  it('reports STORE_UNAVAILABLE when the server is gone: to subscribers, appends, reads and at open', async () => {
    const store = await open();
    const stream = `release-${randomUUID()}`;
    await store.appendToStream(stream, [event()]);
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const waiting = iterator.next();
    await server.stop();
    await expect(waiting).rejects.toMatchObject({ code: StoreErrorCode.Unavailable });
    await expect(store.appendToStream(stream, [event()])).rejects.toMatchObject({
      code: StoreErrorCode.Unavailable,
    });
    await expect(collect(store.readStream(stream))).rejects.toMatchObject({
      code: StoreErrorCode.Unavailable,
    });
    await expect(createEsdbEventStore(server.url)).rejects.toMatchObject({
      code: StoreErrorCode.Unavailable,
    });
  });

  it('refuses reserved stream ids and ill-formed text before any write', async () => {
    const store = await open();
    const refused = [
      collect(store.readStream(LEDGER)),
      collect(store.readStream('')),
      store.appendToStream(LEDGER, [event()]),
      store.appendToStream('$system', [event()]),
      store.appendToStream('release-1', [{ ...event(), data: '{"bad":"\ud800"}' }]),
      store.setStreamMetadata('release-1', { $acl: { $r: 'everyone' } }),
    ];
    for (const attempt of refused)
      await expect(attempt).rejects.toMatchObject({ code: StoreErrorCode.InvalidArgument });
    expect(await collect(store.readAll())).toEqual([]);
  });

  it('openStore opens esdb:// and kurrentdb:// connection strings, and refuses a malformed one', async () => {
    for (const url of [server.url, server.url.replace('esdb://', 'kurrentdb://')]) {
      const store = await openStore(url);
      opened.push(store);
      await store.appendToStream(`release-${randomUUID()}`, [event()]);
    }
    expect((await verifyChain(opened[0] as EventStore)).count).toBe(2);
    await expect(openStore('esdb://')).rejects.toMatchObject({ code: StoreErrorCode.InvalidArgument });
  });

  it('keeps the data verbatim in EventStoreDB, where other tools can follow the links', async () => {
    const store = await open();
    const stream = `artifact-${randomUUID()}`;
    const data = '{ "context": {"id": "x"},\n "n": 1.0 }';
    await store.appendToStream(stream, [{ ...event(), data }]);
    const client = EventStoreDBClient.connectionString(server.url);
    try {
      const seen = [];
      for await (const resolved of client.readStream(stream, { resolveLinkTos: true })) seen.push(resolved);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.link?.type).toBe('$>');
      expect(seen[0]?.event?.streamId).toBe(LEDGER);
      expect(Buffer.from(seen[0]?.event?.data as Uint8Array).toString('utf8')).toBe(data);
    } finally {
      await client.dispose();
    }
  });
});
