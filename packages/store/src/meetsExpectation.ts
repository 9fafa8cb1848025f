import type { ExpectedRevision } from './eventStore.ts';

/** Whether a stream at revision `current` (-1: no stream) meets an append's expectation. */
export function meetsExpectation(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}
