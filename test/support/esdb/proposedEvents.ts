import { status } from '@grpc/grpc-js';
import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';
import { parseUuid, serverError } from './grpcMessages.ts';
import type { ProposedEvent } from './memoryLog.ts';

/** EventStoreDB's default `MaxAppendSize`: 1 MiB of data and metadata per append. */
export const MAX_APPEND_SIZE = 1024 * 1024;

/** What Append and BatchAppend proposed messages have in common. */
export interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export type Checked =
  { readonly events: ProposedEvent[] } | { readonly failure: 'missing_metadata' | 'bad_id' | 'too_big' };

/** Reads proposed messages as EventStoreDB validates them: type, content type, UUID id, total size. */
export function checkProposed(messages: readonly ProposedMessage[]): Checked {
  const events: ProposedEvent[] = [];
  let size = 0;
  for (const message of messages) {
    const type = message.getMetadataMap().get('type');
    const contentType = message.getMetadataMap().get('content-type');
    if (type === undefined || contentType === undefined) return { failure: 'missing_metadata' };
    const id = parseUuid(message.getId());
    if (id === undefined) return { failure: 'bad_id' };
    const data = message.getData_asU8();
    const customMetadata = message.getCustomMetadata_asU8();
    size += data.length + customMetadata.length;
    events.push({ id, type, contentType, data, customMetadata });
  }
  return size > MAX_APPEND_SIZE ? { failure: 'too_big' } : { events };
}

/** The RPC error `Streams/Append` fails with for a refused message. */
export function rpcFailure(failure: 'missing_metadata' | 'bad_id' | 'too_big'): Error {
  switch (failure) {
    case 'missing_metadata':
      return serverError(status.INVALID_ARGUMENT, 'Required metadata properties are missing', {
        exception: 'missing-required-metadata-property',
        'required-metadata-properties': 'type,content-type',
      });
    case 'bad_id':
      return serverError(status.INVALID_ARGUMENT, 'Event id is not a UUID', {});
    case 'too_big':
      return serverError(status.INVALID_ARGUMENT, `Maximum Append Size of ${MAX_APPEND_SIZE} Exceeded.`, {
        exception: 'maximum-append-size-exceeded',
        'maximum-append-size': String(MAX_APPEND_SIZE),
      });
  }
}
