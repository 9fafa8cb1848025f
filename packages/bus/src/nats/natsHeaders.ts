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
