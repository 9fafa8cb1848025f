import { eventMeaning } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { storedValue } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';
import { factOf, originOf } from './ledgerFact.ts';
import type { LedgerFact } from './ledgerFact.ts';
import type { Stamped } from './ledgerView.ts';

/** A recorded event read once: what it says (`event`), what it means (`fact`) and when. */
export interface RecordedFact {
  readonly record: RecordedEvent;
  readonly event: CDEvent;
  readonly fact: LedgerFact;
  /** Who reported it, when (normal form) and where the ledger recorded it. */
  readonly stamp: Stamped;
  /** The event id this one corrects (`customData.supersedes`), when it claims to. */
  readonly supersedes?: string;
}

/**
 * The stored event's 0.5.1 meaning, or undefined when its text is not one event object (written
 * before that was refused). Stored events were validated when recorded: this does not re-check.
 */
export function storedEvent(record: Pick<RecordedEvent, 'data'>): CDEvent | undefined {
  const value = storedValue(record);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const event = eventMeaning(value);
  const context = (event as { context?: unknown }).context;
  return context !== null && typeof context === 'object' ? event : undefined;
}

/**
 * The `customData` a stored event carries: its producer's own data (a release run's manifest, a
 * worker's failure code), not part of what it means to the ledger. Undefined when it has none.
 */
export function storedCustomData(record: Pick<RecordedEvent, 'data'>): unknown {
  return (storedEvent(record) as { customData?: unknown } | undefined)?.customData;
}

/**
 * Corrections: a producer that reports a fact wrongly sends a new event whose
 * `customData.supersedes` names the earlier event id. Nothing is deleted; from the correction's
 * recordedAt on, the superseded event no longer counts (before it, `--known-at` still shows it).
 */
export function supersededId(event: CDEvent): string | undefined {
  const custom = (event as { customData?: unknown }).customData;
  if (typeof custom !== 'object' || custom === null) return undefined;
  const value = (custom as Record<string, unknown>)['supersedes'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The one reader from a stored record to a typed fact: every consumer (recorder, read models,
 * gate, `why`, release status, DORA) reads recorded events through here, never their content.
 * Undefined for text that is not an event, or an event recorded before its shape was refused.
 */
export function readFact(record: RecordedEvent): RecordedFact | undefined {
  const event = storedEvent(record);
  if (event === undefined) return undefined;
  let fact: LedgerFact;
  try {
    fact = factOf(event);
  } catch {
    return undefined;
  }
  return new ReadFact(record, event, fact);
}

// A class, so every read has one shape and its stamp is computed only when asked: the read models
// replay every event and need only its raw time.
class ReadFact implements RecordedFact {
  readonly record: RecordedEvent;
  readonly event: CDEvent;
  readonly fact: LedgerFact;
  readonly supersedes: string | undefined;
  #stamp: Stamped | undefined;

  constructor(record: RecordedEvent, event: CDEvent, fact: LedgerFact) {
    this.record = record;
    this.event = event;
    this.fact = fact;
    this.supersedes = supersededId(event);
  }

  get stamp(): Stamped {
    return (this.#stamp ??= { ...originOf(this.event), position: this.record.position });
  }
}
