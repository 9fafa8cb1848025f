// Append throughput, single events and 100-event batches, against raw node:sqlite inserts of the
// very same rows (same schema and indexes, same pragmas, one transaction per batch).
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSqliteEventStore } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';
import { sampleEvent } from './benchLedger.ts';
import type { BenchContext, Figure } from './benchTypes.ts';

type Synchronous = 'full' | 'normal';

async function appendThroughStore(path: string, synchronous: Synchronous, batches: number, size: number) {
  const store = await createSqliteEventStore(path, { synchronous });
  const events = Array.from({ length: batches }, (_, b) =>
    Array.from({ length: size }, (_, i) => sampleEvent(b * size + i)),
  );
  const started = performance.now();
  for (const [b, batch] of events.entries()) await store.appendToStream(`artifact-${b % 100}`, batch);
  const seconds = (performance.now() - started) / 1000;
  const records: RecordedEvent[] = [];
  for await (const record of store.readAll()) records.push(record);
  await store.close();
  return { eventsPerSecond: (batches * size) / seconds, records };
}

async function appendRaw(path: string, synchronous: Synchronous, records: RecordedEvent[], size: number) {
  await (await createSqliteEventStore(path, { synchronous })).close(); // same schema, WAL
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA synchronous = ${synchronous.toUpperCase()}`);
  const insert = db.prepare(
    'INSERT INTO events (position, stream_id, revision, event_id, type, data, producer, recorded_at, prev_hash, stream_prev_hash, hash, category, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const started = performance.now();
  for (let b = 0; b < records.length; b += size) {
    db.exec('BEGIN IMMEDIATE');
    for (const r of records.slice(b, b + size)) {
      insert.run(
        r.position,
        r.streamId,
        r.revision,
        r.id,
        r.type,
        r.data,
        r.producer,
        r.recordedAt,
        r.prevHash,
        r.streamPrevHash,
        r.hash,
        'artifact',
        r.source,
      );
    }
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return records.length / seconds;
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const cases = [
    { size: 1, batches: ctx.quick ? 1000 : 5000, synchronous: 'full' as const },
    { size: 1, batches: ctx.quick ? 1000 : 10000, synchronous: 'normal' as const },
    { size: 100, batches: ctx.quick ? 50 : 300, synchronous: 'full' as const },
    { size: 100, batches: ctx.quick ? 50 : 300, synchronous: 'normal' as const },
  ];
  const figures: Figure[] = [];
  for (const { size, batches, synchronous } of cases) {
    let ours = 0;
    let raw = 0;
    // Alternate and keep the best of five: the disk and the other core are noisy neighbours.
    for (let round = 0; round < 5; round++) {
      const tag = `${size}-${synchronous}-${round}`;
      const result = await appendThroughStore(join(ctx.dir, `append-${tag}.db`), synchronous, batches, size);
      ours = Math.max(ours, result.eventsPerSecond);
      raw = Math.max(raw, await appendRaw(join(ctx.dir, `raw-${tag}.db`), synchronous, result.records, size));
    }
    const ratio = ours / raw;
    const label = size === 1 ? 'single-event appends' : `${size}-event batch appends`;
    ctx.log(`${label} (synchronous=${synchronous}): ${Math.round(ours)} vs raw ${Math.round(raw)} events/s`);
    figures.push({
      name: `append ${label}, synchronous=${synchronous}`,
      value: ours,
      unit: 'events/s',
      baseline: raw,
      ratio,
      goal: 'ratio ≥ 0.8',
      met: ratio >= 0.8,
    });
  }
  return figures;
}
