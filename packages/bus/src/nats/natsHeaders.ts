import { headers as createHeaders } from '@nats-io/transport-node';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { BusHeaders } from '../bus.ts';

/** NATS headers as a plain record (first value of each key). */
export function headersToRecord(source: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (source === undefined) return record;
  for (const [key, values] of source) {
    const first = values[0];
    if (first !== undefined) record[key] = first;
  }
  return record;
}

export function recordToHeaders(source: BusHeaders | undefined): MsgHdrs | undefined {
  if (source === undefined || Object.keys(source).length === 0) return undefined;
  const target = createHeaders();
  for (const [key, value] of Object.entries(source)) target.set(key, value);
  return target;
}

/**
 * The longest `Nats-Msg-Id` a consumer hands on as the message's id, in UTF-8 bytes. The id goes
 * (base64url) into the answer's subject, and nats-server drops a connection that publishes a
 * subject past its control line (4 KiB): a longer id is left out, so nothing answers along it and
 * the handler refuses the message (the event contract allows far shorter ids).
 */
export const MAX_MSG_ID_BYTES = 1024;

/** `msgId` when it is within `MAX_MSG_ID_BYTES`, else undefined. */
export function boundedMsgId(msgId: string | undefined): string | undefined {
  return msgId === undefined || Buffer.byteLength(msgId, 'utf8') > MAX_MSG_ID_BYTES ? undefined : msgId;
}
