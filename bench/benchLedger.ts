import { join } from 'node:path';
import { createSqliteEventStore } from '@shiplog/store';
import type { NewEvent } from '@shiplog/store';

/** A CDEvent of typical size (~600 bytes), as JSON text. */
export function sampleEvent(n: number): NewEvent {
  const id = `bench-${n}`;
  const data = JSON.stringify({
    context: {
      id,
      source: '/ci/github/shiplog/release',
      type: 'dev.cdevents.artifact.packaged.0.2.0',
      timestamp: '2026-11-21T10:00:00Z',
      specversion: '0.5.1',
      chainId: `chain-${Math.floor(n / 10)}`,
    },
    subject: {
      id: `pkg:npm/%40shiplog/store@0.1.${n}`,
      source: '/ci/github/shiplog',
      content: {
        change: { id: `change-${n}`, source: 'https://github.com/shiplog/shiplog/pull/1' },
        signature: 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
        sbom: { uri: `https://artifacts.example.com/sbom/${n}.cdx.json` },
      },
    },
  });
  // The source given, as the recorder gives it: the store then need not parse the data for it.
  const source = '/ci/github/shiplog/release';
  return { id, source, type: 'dev.cdevents.artifact.packaged.0.2.0', data, producer: 'bench' };
}

/** Streams of 20 events, each stream appended as one batch (the ledger a busy CI team builds). */
export async function buildLedger(dir: string, events: number, log: (m: string) => void): Promise<string> {
  const path = join(dir, `ledger-${events}.db`);
  const store = await createSqliteEventStore(path, { synchronous: 'normal' });
  try {
    for (let n = 0; n < events;) {
      const streamEvents: NewEvent[] = [];
      const stream = `artifact-${Math.floor(n / 20)}`;
      for (let i = 0; i < 20 && n < events; i++, n++) streamEvents.push(sampleEvent(n));
      await store.appendToStream(stream, streamEvents);
      if (n % 100_000 === 0) log(`built ${n} of ${events} events`);
    }
  } finally {
    await store.close();
  }
  return path;
}
