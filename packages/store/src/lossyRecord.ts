import type { HashedFields } from './canonicalRecord.ts';

const REPLACEMENT = '\ufffd';
const SURROGATE_ESCAPE = /\\u(d[89a-f][0-9a-f]{2})/gi;
const MAX_CANDIDATES = 4096;
const FIELDS = ['streamId', 'id', 'type', 'producer'] as const;

/**
 * The records a UTF-8 store may have read back in place of `record`. Before the contract refused
 * ill-formed text, an id or environment holding a lone surrogate (`"\ud800"` in the JSON) was hashed
 * as sent but stored with U+FFFD in its place; the verbatim `data` still spells the surrogate as an
 * escape. This yields each way of putting those surrogates (or U+FFFD itself) back where U+FFFD
 * stands (at most 4,096), so verify can recompute such a record's hash exactly: `data` and the
 * stored hash are unchanged, so tampering with the record is still caught.
 */
export function* lossyOriginals(record: HashedFields): Generator<HashedFields> {
  const slots = FIELDS.flatMap((field) =>
    [...record[field].matchAll(/\ufffd/g)].map((m) => ({ field, at: m.index })),
  );
  if (slots.length === 0) return;
  const found = [...record.data.matchAll(SURROGATE_ESCAPE)].map((m) =>
    String.fromCharCode(parseInt(m[1] as string, 16)),
  );
  const choices = [REPLACEMENT, ...new Set(found)];
  if (choices.length === 1 || choices.length ** slots.length > MAX_CANDIDATES) return;
  const pick = new Array<number>(slots.length).fill(0);
  for (;;) {
    // The next combination (odometer); the all-U+FFFD one is the record as stored, already checked.
    let i = 0;
    while (i < pick.length && (pick[i] as number) === choices.length - 1) pick[i++] = 0;
    if (i === pick.length) return;
    pick[i] = (pick[i] as number) + 1;
    const fields: Record<(typeof FIELDS)[number], string[]> = {
      streamId: [...record.streamId],
      id: [...record.id],
      type: [...record.type],
      producer: [...record.producer],
    };
    slots.forEach((slot, k) => {
      fields[slot.field][codePointIndex(record[slot.field], slot.at)] = choices[pick[k] as number] as string;
    });
    yield {
      ...record,
      streamId: fields.streamId.join(''),
      id: fields.id.join(''),
      type: fields.type.join(''),
      producer: fields.producer.join(''),
    };
  }
}

// The index among code points of the code unit at `unitIndex`.
function codePointIndex(text: string, unitIndex: number): number {
  return [...text.slice(0, unitIndex)].length;
}
