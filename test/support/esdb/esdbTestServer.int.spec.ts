// Proves the test server faithful by driving it with the real @eventstore/db-client (never through
// shiplog's adapter), asserting the behaviours EventStoreDB documents.
import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  binaryEvent,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  AppendToStreamOptions,
  EventData,
  ResolvedEvent,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEsdbTestServer } from './esdbTestServer.ts';
import type { EsdbTestServer } from './esdbTestServer.ts';

let server: EsdbTestServer;
let client: EventStoreDBClient;

beforeAll(async () => {
  server = await startEsdbTestServer();
  client = EventStoreDBClient.connectionString(server.url);
});
afterAll(async () => {
  await client.dispose();
  await server.stop();
});

const stream = (category = 'order'): string => `${category}-${randomUUID()}`;
const events = (count: number, type = 'OrderPlaced'): EventData[] =>
  Array.from({ length: count }, (_, n) => jsonEvent({ type, data: { n } }));

async function read<T>(reading: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of reading) all.push(item);
  return all;
}

async function wrongVersion(promise: Promise<unknown>): Promise<WrongExpectedVersionError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  return error as WrongExpectedVersionError;
}

/** The next `count` events of a subscription, without closing it. */
async function next(iterator: AsyncIterator<ResolvedEvent>, count: number): Promise<ResolvedEvent[]> {
  const got: ResolvedEvent[] = [];
  while (got.length < count) {
    const item = await iterator.next();
    if (item.done === true) throw new Error('subscription ended');
    got.push(item.value);
  }
  return got;
}

// The client uses BatchAppend when the server lists it, and Append when call credentials are given.
const paths: [string, Partial<AppendToStreamOptions>][] = [
  ['BatchAppend', {}],
  ['Append', { credentials: { username: 'admin', password: 'changeit' } }],
];

describe.each(paths)('appendToStream over %s', (_path, extra) => {
  const append = (name: string, data: EventData | EventData[], expectedRevision: AppendExpectedRevision) =>
    client.appendToStream(name, data, { ...extra, expectedRevision });

  it('no_stream creates a stream and then conflicts', async () => {
    const name = stream();
    const result = await append(name, events(2), NO_STREAM);
    expect(result).toMatchObject({ success: true, nextExpectedRevision: 1n });
    expect(result.position?.commit).toBeTypeOf('bigint');
    const error = await wrongVersion(append(name, events(1), NO_STREAM));
    expect(error).toMatchObject({ streamName: name, expectedVersion: 'no_stream', actualVersion: 1n });
  });

  it('stream_exists conflicts on a missing stream and appends to an existing one', async () => {
    const name = stream();
    const error = await wrongVersion(append(name, events(1), STREAM_EXISTS));
    expect(error).toMatchObject({ expectedVersion: 'stream_exists', actualVersion: 'no_stream' });
    await append(name, events(1), ANY);
    expect((await append(name, events(1), STREAM_EXISTS)).nextExpectedRevision).toBe(1n);
  });

  it('an exact revision appends only at that revision', async () => {
    const name = stream();
    await append(name, events(3), NO_STREAM);
    const error = await wrongVersion(append(name, events(1), 5n));
    expect(error).toMatchObject({ expectedVersion: 5n, actualVersion: 2n });
    expect((await append(name, events(1), 2n)).nextExpectedRevision).toBe(3n);
  });

  it('re-appending the same ids after an exact revision succeeds without writing', async () => {
    const name = stream();
    await append(name, events(1), NO_STREAM);
    const batch = events(2);
    const written = await append(name, batch, 0n);
    await append(name, events(1), 2n);
    const again = await append(name, batch, 0n);
    // Newer servers answer a replay with the replayed events' position (IdempotentLogPosition).
    expect(again).toMatchObject({ success: true, nextExpectedRevision: 2n, position: written.position });
    const first = await append(name, [batch[0] as EventData], 0n);
    expect(first.nextExpectedRevision).toBe(1n);
    // Other ids, or the right ids in the wrong place, are a conflict.
    await wrongVersion(append(name, events(2), 0n));
    await wrongVersion(append(name, [batch[1] as EventData], 0n));
    expect(await read(client.readStream(name))).toHaveLength(4);
  });

  it('re-appending the first events with no_stream is idempotent too', async () => {
    const name = stream();
    const batch = events(2);
    await append(name, batch, NO_STREAM);
    expect((await append(name, batch, NO_STREAM)).nextExpectedRevision).toBe(1n);
    expect(await read(client.readStream(name))).toHaveLength(2);
  });

  it('refuses an append larger than the maximum append size', async () => {
    const big = binaryEvent({ type: 'Big', data: new Uint8Array(1024 * 1024 + 1) });
    await expect(append(stream(), big, ANY)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
  });
});

describe('idempotency with ANY', () => {
  it('is checked against a bounded cache of recent ids only', async () => {
    const small = await startEsdbTestServer({ recentIdLimit: 2 });
    const other = EventStoreDBClient.connectionString(small.url);
    try {
      const name = stream();
      const [first] = events(1) as [EventData];
      await other.appendToStream(name, first);
      await other.appendToStream(name, first);
      expect(await read(other.readStream(name))).toHaveLength(1);
      // A replay that only starts like an earlier append is "corrupted idempotency": refused.
      await wrongVersion(other.appendToStream(name, [first, ...events(1)]));
      await other.appendToStream(stream(), events(2));
      // Evicted from the cache: EventStoreDB writes the same id again.
      await other.appendToStream(name, first);
      expect(await read(other.readStream(name))).toHaveLength(2);
    } finally {
      await other.dispose();
      await small.stop();
    }
  });
});

describe('readStream', () => {
  it('raises StreamNotFoundError for a missing stream', async () => {
    await expect(read(client.readStream(stream()))).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(
      read(client.readStream(stream(), { direction: BACKWARDS, fromRevision: END })),
    ).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('reads forwards and backwards from a revision with maxCount', async () => {
    const name = stream();
    await client.appendToStream(name, events(5));
    const revisions = async (options: Parameters<typeof client.readStream>[1]) =>
      (await read(client.readStream(name, options))).map((resolved) => resolved.event?.revision);
    expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(await revisions({ fromRevision: 2n, maxCount: 2 })).toEqual([2n, 3n]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 2 })).toEqual([4n, 3n]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: 1n })).toEqual([1n, 0n]);
    expect(await revisions({ fromRevision: 9n })).toEqual([]);
  });

  it('returns the event as written: id, type, JSON data, metadata, created', async () => {
    const name = stream();
    const id = randomUUID();
    await client.appendToStream(
      name,
      jsonEvent({ id, type: 'Shipped', data: { to: 'Oslo' }, metadata: { by: 'me' } }),
    );
    const [resolved] = await read(client.readStream(name));
    expect(resolved?.event).toMatchObject({
      id,
      type: 'Shipped',
      data: { to: 'Oslo' },
      metadata: { by: 'me' },
      isJson: true,
    });
    expect(Math.abs((resolved?.event?.created.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('resolves a link ($>) to its target only when asked', async () => {
    const target = stream();
    await client.appendToStream(target, events(2));
    const links = stream('links');
    await client.appendToStream(links, binaryEvent({ type: '$>', data: Buffer.from(`1@${target}`) }));
    const [raw] = await read(client.readStream(links));
    expect(raw?.event?.type).toBe('$>');
    expect(raw?.link).toBeUndefined();
    const [resolved] = await read(client.readStream(links, { resolveLinkTos: true }));
    expect(resolved?.event).toMatchObject({ streamId: target, revision: 1n });
    expect(resolved?.link).toMatchObject({ streamId: links, type: '$>', revision: 0n });
  });

  it('returns a link whose target is missing as the link alone', async () => {
    const links = stream('links');
    await client.appendToStream(links, binaryEvent({ type: '$>', data: Buffer.from(`7@${stream()}`) }));
    const [resolved] = await read(client.readStream(links, { resolveLinkTos: true }));
    expect(resolved?.event).toBeUndefined();
    expect(resolved?.link?.type).toBe('$>');
  });
});

describe('readAll', () => {
  it('reads in commit order with increasing positions, from a position (inclusive), both ways', async () => {
    const [a, b] = [stream(), stream()];
    const first = await client.appendToStream(a, events(1));
    const second = await client.appendToStream(b, events(2));
    await client.appendToStream(a, events(1));
    const from = first.position as { commit: bigint; prepare: bigint };
    const all = await read(client.readAll({ fromPosition: from, maxCount: 4 }));
    expect(all.map((r) => [r.event?.streamId, r.event?.revision])).toEqual([
      [a, 0n],
      [b, 0n],
      [b, 1n],
      [a, 1n],
    ]);
    const commits = all.map((r) => r.event?.position?.commit as bigint);
    expect([...commits].sort((x, y) => (x < y ? -1 : 1))).toEqual(commits);
    expect(new Set(commits).size).toBe(4);
    expect(all[0]?.event?.position).toEqual(from);
    expect(all[2]?.event?.position).toEqual(second.position);
    expect(all[0]?.commitPosition).toBe(from.commit);
    const backwards = await read(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 4 }));
    expect(backwards.map((r) => r.event?.id)).toEqual(all.map((r) => r.event?.id).reverse());
  });
});

describe('subscriptions', () => {
  it('subscribeToAll delivers history, reports caught up, then delivers live events', async () => {
    const category = `sub${randomUUID().slice(0, 8)}`;
    const name = stream(category);
    await client.appendToStream(name, events(2));
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: [`${category}-`] }),
    });
    const caughtUp = new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await next(iterator, 2)).map((r) => r.event?.revision)).toEqual([0n, 1n]);
      await caughtUp;
      await client.appendToStream(name, events(1));
      await client.appendToStream(stream(), events(1));
      await client.appendToStream(stream(category), events(1));
      const live = await next(iterator, 2);
      expect(live.map((r) => r.event?.streamId.startsWith(`${category}-`))).toEqual([true, true]);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('subscribeToAll from a position starts after it', async () => {
    const type = `T${randomUUID().slice(0, 8)}`;
    const written = await client.appendToStream(stream(), events(1, type));
    await client.appendToStream(stream(), events(1, type));
    const subscription = client.subscribeToAll({
      fromPosition: written.position as { commit: bigint; prepare: bigint },
      filter: eventTypeFilter({ prefixes: [type] }),
    });
    try {
      const [first] = await next(subscription[Symbol.asyncIterator](), 1);
      expect(first?.event?.position?.commit).toBeGreaterThan(written.position?.commit as bigint);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('filters on event type by regex and reports checkpoints', async () => {
    const tag = randomUUID().slice(0, 8);
    const checkpoints: bigint[] = [];
    await client.appendToStream(stream(), [...events(3, `Skip${tag}`), ...events(2, `Keep${tag}`)]);
    const subscription = client.subscribeToAll({
      filter: eventTypeFilter({
        regex: `^Keep${tag}$`,
        checkpointInterval: 1,
        maxSearchWindow: 1,
        checkpointReached: (_sub, position) => {
          checkpoints.push(position.commit);
        },
      }),
    });
    try {
      const got = await next(subscription[Symbol.asyncIterator](), 2);
      expect(got.map((r) => r.event?.type)).toEqual([`Keep${tag}`, `Keep${tag}`]);
      expect(checkpoints.length).toBeGreaterThan(0);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('subscribeToStream from a revision starts after it and goes live', async () => {
    const name = stream();
    await client.appendToStream(name, events(3));
    const subscription = client.subscribeToStream(name, { fromRevision: 1n });
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await next(iterator, 1))[0]?.event?.revision).toBe(2n);
      await client.appendToStream(name, events(1));
      expect((await next(iterator, 1))[0]?.event?.revision).toBe(3n);
    } finally {
      await subscription.unsubscribe();
    }
  });
});

describe('stream metadata', () => {
  it('round-trips through the $$ metadata stream and is honoured on reads', async () => {
    const name = stream();
    expect(await client.getStreamMetadata(name)).toEqual({ streamName: name });
    await client.appendToStream(name, events(5));
    await client.setStreamMetadata(name, { maxCount: 2, custom: 'kept' });
    const { metadata } = await client.getStreamMetadata(name);
    expect(metadata).toEqual({ maxCount: 2, custom: 'kept' });
    const [raw] = await read(client.readStream(`$$${name}`));
    expect(raw?.event).toMatchObject({ type: '$metadata', data: { $maxCount: 2, custom: 'kept' } });
    const visible = await read(client.readStream(name));
    expect(visible.map((r) => r.event?.revision)).toEqual([3n, 4n]);
  });
});
