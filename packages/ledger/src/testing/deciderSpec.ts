import type { CDEvent } from '@shiplog/events';
import { expect } from 'vitest';
import { decide, evolve, initialState } from '../decider.ts';
import type { StampedFact } from '../decider.ts';
import { factOf, originOf } from '../ledgerFact.ts';
import type { LedgerPolicy } from '../violations.ts';

/** A fact expected, by the fields that matter to the test (as `toMatchObject` reads it). */
type Expected = Readonly<Record<string, unknown>>;

export interface DeciderSpec {
  /** Decides on `event` after the given ones; `then` checks the facts it decides to record. */
  when(event: CDEvent): {
    then(expected: readonly Expected[]): void;
    thenViolations(codes: readonly string[]): void;
  };
}

const stamped = (event: CDEvent, position: number): StampedFact => ({
  fact: factOf(event),
  stamp: { ...originOf(event), position },
});

/**
 * A decider test as emmett writes them: `given(recorded events).when(event).then(facts)`. The
 * given events are folded with `evolve` in order; `when` is decided with `decide`.
 */
export function given(events: readonly CDEvent[], policy?: LedgerPolicy): DeciderSpec {
  return {
    when(event) {
      const state = initialState();
      events.forEach((e, position) => evolve(state, stamped(e, position)));
      const decided = decide(state, stamped(event, events.length), policy);
      return {
        then: (expected) => expect(decided).toMatchObject(expected),
        thenViolations: (codes) =>
          expect(decided.flatMap((f) => (f.kind === 'violation' ? [f.rule] : []))).toEqual(codes),
      };
    },
  };
}
