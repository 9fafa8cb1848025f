import { hash } from 'node:crypto';
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';

/** The read models (one SQLite table each) whose content is digested and checked. */
export const READ_MODELS = [
  'deployments',
  'targets',
  'artifact_facts',
  'artifact_changes',
  'artifact_names',
  'changes',
  'incidents',
  'violations',
  'supersessions',
  'snapshots',
  'observations',
] as const;
export type ReadModelName = (typeof READ_MODELS)[number];

/** A stored row in column order, as SQLite hands it out with `setReturnArrays(true)`. */
export type StoredRow = readonly SQLOutputValue[];

const LANES = 16; // sixteen 16-bit lanes: a 256-bit sum, carried only when read

/**
 * An order-independent digest of a multiset of rows: the sum, mod 2^256, of each row's sha256.
 * Adding a row (or taking one away) costs one hash, so it can follow the read models event by
 * event; any row added, removed or changed moves it.
 */
export class ModelDigest {
  rows = 0;
  private readonly lanes = new Float64Array(LANES);

  static fromHex(rows: number, hex: string): ModelDigest {
    const digest = new ModelDigest();
    digest.rows = rows;
    for (let i = 0; i < LANES; i++) digest.lanes[i] = Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16) || 0;
    return digest;
  }

  add(row: StoredRow | readonly unknown[], sign: 1 | -1 = 1): void {
    const bytes = hash('sha256', JSON.stringify(row), 'buffer');
    for (let i = 0; i < LANES; i++)
      this.lanes[i] = (this.lanes[i] as number) + sign * bytes.readUInt16BE(i * 2);
    this.rows += sign;
  }

  /** The sum as 64 hex digits (lane 0 most significant; what carries out of it is dropped: mod 2^256). */
  hex(): string {
    const out = new Array<string>(LANES);
    let carry = 0;
    for (let i = LANES - 1; i >= 0; i--) {
      const value = (this.lanes[i] as number) + carry;
      carry = Math.floor(value / 65_536);
      out[i] = (value - carry * 65_536).toString(16).padStart(4, '0');
    }
    return out.join('');
  }
}

/** Digests a whole table by reading every row (verify, and the end of a bulk load). */
export function digestTable(db: DatabaseSync, table: ReadModelName): ModelDigest {
  const statement = db.prepare(`SELECT * FROM ${table}`);
  statement.setReturnArrays(true);
  const digest = new ModelDigest();
  for (const row of statement.iterate()) digest.add(row as unknown as StoredRow);
  return digest;
}
