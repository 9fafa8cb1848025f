import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../eventStore.ts';
import { eventUuid } from './eventUuid.ts';
import { fromLedgerEvent, ledgerEvent, linkEvent } from './ledgerRecord.ts';
import { categoryOf } from './ledgerSubscription.ts';

const record: RecordedEvent = {
  streamId: 'release-1',
  revision: 3,
  position: 10,
  id: 'ce-1',
  source: '/ci',
  type: 'dev.cdevents.build.finished.0.3.0',
  data: '{ "context": {"id": "ce-1", "source": "/ci"}, "n": 1.0 }',
  producer: 'ci',
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '1'.repeat(64),
  streamPrevHash: '2'.repeat(64),
  hash: '3'.repeat(64),
};

/** What the client hands back for an event it wrote: binary data, JSON metadata parsed. */
function readBack(written: ReturnType<typeof ledgerEvent>, revision: bigint): EsdbRecordedEvent {
  return {
    streamId: 'shiplog.ledger',
    id: written.id,
    isJson: false,
    revision,
    type: written.type,
    created: new Date(),
    data: written.data as Uint8Array,
    metadata: JSON.parse(JSON.stringify(written.metadata)) as Record<string, unknown>,
  };
}

describe('ledger records', () => {
  it('round-trip through a ledger event byte for byte, position from the ledger revision', () => {
    const written = ledgerEvent(record, 8, 2);
    expect(written.contentType).toBe('application/octet-stream');
    expect(fromLedgerEvent(readBack(written, 9n))).toEqual({
      record,
      batchStart: 8,
      batchSize: 2,
      keyed: true,
    });
  });

  it('reads an event someone else put on the ledger as a record with empty fields', () => {
    const foreign = { ...readBack(ledgerEvent(record, 9, 1), 4n), metadata: new Uint8Array([1, 2]) };
    const { record: read } = fromLedgerEvent(foreign);
    expect(read).toMatchObject({ position: 5, streamId: '', revision: -1, hash: '', prevHash: '' });
  });

  it('links name the ledger revision', () => {
    const link = linkEvent('link', { record, keyed: true }, 'shiplog.ledger');
    expect(link.type).toBe('$>');
    expect(Buffer.from(link.data as Uint8Array).toString()).toBe('9@shiplog.ledger');
  });

  it('keeps the link ids of records written before facts were keyed by source', () => {
    const legacy = linkEvent('index', { record, keyed: false }, 'shiplog.ledger');
    expect(legacy.id).toBe(eventUuid('index', 'ce-1'));
    const keyed = linkEvent('index', { record, keyed: true }, 'shiplog.ledger');
    expect(keyed.id).not.toBe(legacy.id);
    expect(linkEvent('index', { record: { ...record, source: '/other' }, keyed: true }, 'x').id).not.toBe(
      keyed.id,
    );
  });

  it('reads a record written without a source (an earlier version) with the source its data names', () => {
    const written = ledgerEvent(record, 9, 1);
    const { source: _source, ...olderMetadata } = written.metadata as Record<string, unknown>;
    const read = fromLedgerEvent({
      ...readBack(written, 9n),
      metadata: { ...olderMetadata, v: 'shiplog.ledger.v1' },
    });
    expect(read.keyed).toBe(false);
    expect(read.record).toEqual(record);
  });

  it('takes the category from the text before the first dash', () => {
    expect(categoryOf('deployment-prod.api')).toBe('deployment');
    expect(categoryOf('release-a-b')).toBe('release');
    expect(categoryOf('nodash')).toBe('nodash');
  });
});
