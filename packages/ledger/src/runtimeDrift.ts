import { ViolationCode } from './violations.ts';

/** How what runs differs from what the ledger recorded (seed 001: manual runtime changes are forbidden). */
export type RuntimeDrift =
  typeof ViolationCode.UnrecordedRuntimeChange | typeof ViolationCode.RecordedButNotRunning;

/** One service as a snapshot found it, against what the ledger recorded for it. */
export interface RuntimeComparison {
  /**
   * The digests the recorded deployment stands for (usually one); an empty list when it named no
   * digest the ledger knows; undefined when no deployment is recorded (or it was removed).
   */
  readonly recorded: readonly string[] | undefined;
  /** The digests seen running for the service; empty when the snapshot did not see it. */
  readonly observed: readonly string[];
  /** The snapshot lists everything running: a service it did not see is not running. */
  readonly complete: boolean;
}

/**
 * The one drift rule, compared by digest: anything running that no deployment recorded (other
 * bytes, or a service never deployed) is an unrecorded runtime change; a recorded service that a
 * complete snapshot did not see is recorded but not running. Null when they agree, or when a
 * partial snapshot did not look at the service.
 */
export function runtimeDrift(c: RuntimeComparison): RuntimeDrift | null {
  if (c.observed.length === 0) {
    return c.recorded !== undefined && c.complete ? ViolationCode.RecordedButNotRunning : null;
  }
  const recorded = c.recorded ?? [];
  return c.observed.every((d) => recorded.includes(d)) ? null : ViolationCode.UnrecordedRuntimeChange;
}

/** The digests that run but were not recorded (for messages). */
export function unrecordedDigests(c: RuntimeComparison): string[] {
  return c.observed.filter((d) => !(c.recorded ?? []).includes(d));
}
