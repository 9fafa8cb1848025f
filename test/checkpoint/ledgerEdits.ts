import { DatabaseSync } from 'node:sqlite';
import { createSqliteEventStore, recordHash, ZERO_HASH } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';

/** Appends `count` small events over three streams; returns the records. */
export async function appendEvents(path: string, from: number, count: number): Promise<RecordedEvent[]> {
  const store = await createSqliteEventStore(path);
  const records: RecordedEvent[] = [];
  try {
    for (let i = from; i < from + count; i++) {
      const stream = ['release-r1', 'artifact-abc', 'deployment-prod.api'][i % 3] as string;
      const data = JSON.stringify({ context: { id: `e${i}` }, subject: { content: { n: i } } });
      records.push(...(await store.appendToStream(stream, [{ id: `e${i}`, type: 't', data }])).records);
    }
  } finally {
    await store.close();
  }
  return records;
}

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  producer: string;
  recorded_at: string;
}

/**
 * What an insider with write access to the file can do: run `edit` on the events table, then
 * recompute every prevHash, streamPrevHash and hash so the hash chain holds again.
 */
export function rewriteLedger(path: string, edit: string): void {
  const db = new DatabaseSync(path);
  try {
    db.exec(edit);
    const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as unknown as Row[];
    const update = db.prepare(
      'UPDATE events SET prev_hash = ?, stream_prev_hash = ?, hash = ? WHERE position = ?',
    );
    const streams = new Map<string, string>();
    let prevHash = ZERO_HASH;
    for (const row of rows) {
      const streamPrevHash = streams.get(row.stream_id) ?? ZERO_HASH;
      const fields = {
        streamId: row.stream_id,
        revision: row.revision,
        id: row.event_id,
        type: row.type,
        producer: row.producer,
        recordedAt: row.recorded_at,
        data: row.data,
      };
      const hash = recordHash(prevHash, streamPrevHash, fields);
      update.run(prevHash, streamPrevHash, hash, row.position);
      streams.set(row.stream_id, hash);
      prevHash = hash;
    }
  } finally {
    db.close();
  }
}
