/**
 * The JSON value a record's `data` holds, or undefined when it is not JSON (written before such
 * text was refused). The one place a stored event's text is parsed: readers above the store take
 * the value from here (the ledger's `readFact` turns it into a typed fact).
 */
export function storedValue(record: { readonly data: string }): unknown {
  try {
    return JSON.parse(record.data) as unknown;
  } catch {
    return undefined;
  }
}
