import { ANY, BACKWARDS, END, jsonEvent, metastreamOf, StreamNotFoundError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { StreamMetadata } from '../eventStore.ts';
import { translateEsdbError } from './esdbErrors.ts';

/**
 * Writes our metadata as the stream's EventStoreDB metadata (`$metadata` on `$$<stream>`), with
 * our own key names. EventStoreDB acts only on `$`-prefixed keys, so `maxCount`/`maxAgeSeconds`
 * are recorded, not enforced: enforcing them (`$maxCount`) would hide ledger facts from stream
 * reads, and the SQLite adapter does not enforce them either. `$` keys are refused for that reason.
 */
export async function writeStreamMetadata(
  client: EventStoreDBClient,
  streamId: string,
  metadata: StreamMetadata,
): Promise<void> {
  const reserved = Object.keys(metadata).find((key) => key.startsWith('$'));
  if (reserved !== undefined) {
    throw new StoreError(
      StoreErrorCode.InvalidArgument,
      `stream metadata key ${reserved} is reserved by EventStoreDB`,
    );
  }
  const data = JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
  try {
    await client.appendToStream(metastreamOf(streamId), jsonEvent({ type: '$metadata', data }), {
      expectedRevision: ANY,
    });
  } catch (error) {
    throw translateEsdbError(error, `setting metadata of ${streamId}`);
  }
}

/** The stream's latest metadata, without EventStoreDB's own `$` keys; undefined when never set. */
export async function readStreamMetadata(
  client: EventStoreDBClient,
  streamId: string,
): Promise<StreamMetadata | undefined> {
  let latest: unknown;
  try {
    const reading = client.readStream(metastreamOf(streamId), {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    for await (const resolved of reading)
      latest = resolved.event?.isJson === true ? resolved.event.data : undefined;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw translateEsdbError(error, `reading metadata of ${streamId}`);
  }
  if (typeof latest !== 'object' || latest === null || Array.isArray(latest)) return undefined;
  return Object.fromEntries(Object.entries(latest).filter(([key]) => !key.startsWith('$')));
}
