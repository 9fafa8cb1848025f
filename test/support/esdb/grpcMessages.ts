import { Metadata } from '@grpc/grpc-js';
import type { ServiceError, status } from '@grpc/grpc-js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { StoredEvent } from './memoryLog.ts';

// The generated modules are CommonJS built with `goog.object.extend(exports, …)`, which Node cannot
// see as named exports: import the module object and take the classes from it.
const { ReadResp } = streamsPb;
const { StreamIdentifier, UUID } = sharedPb;

/** The stream name carried by a `StreamIdentifier` (bytes on the wire). */
export function streamNameOf(identifier: { getStreamName_asU8(): Uint8Array } | undefined): string {
  return identifier === undefined ? '' : Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(streamName: string): InstanceType<typeof StreamIdentifier> {
  return new StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));
}

/** A UUID in the form the reader asked for (`string` or `structured`). */
export function uuidMessage(id: string, structured: boolean): InstanceType<typeof UUID> {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const bytes = Buffer.from(id.replaceAll('-', ''), 'hex');
  const parts = new UUID.Structured()
    .setMostSignificantBits(bytes.readBigInt64BE(0).toString(10))
    .setLeastSignificantBits(bytes.readBigInt64BE(8).toString(10));
  return uuid.setStructured(parts);
}

export function recordedEventMessage(
  event: StoredEvent,
  structuredIds: boolean,
): InstanceType<typeof ReadResp.ReadEvent.RecordedEvent> {
  const message = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.streamName))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(event.position))
    .setPreparePosition(String(event.position))
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  const metadata = message.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.created.toString(10));
  return message;
}

/** An RPC failure the way EventStoreDB raises one: a status code and an `exception` trailer. */
export function serverError(code: status, details: string, trailers: Record<string, string>): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

/** Parses an id sent by a client: EventStoreDB accepts the string and the structured form. */
export function parseUuid(uuid: InstanceType<typeof UUID> | undefined): string | undefined {
  if (uuid === undefined) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    if (structured === undefined) return undefined;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.getString().toLowerCase();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text) ? text : undefined;
}
