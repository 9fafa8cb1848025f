import type { SigningIdentity } from '@shiplog/attest';
import type { Bus } from '@shiplog/bus';
import type { Recorder } from '@shiplog/ledger';
import type { Redactor } from '@shiplog/registries';
import type { EventStore } from '@shiplog/store';
import type { ArtifactStore } from './artifactStore.ts';

/** The logging the workers need (pino's shape). */
export interface WorkerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): WorkerLogger;
}

/** Everything a worker uses; no worker keeps state of its own between jobs. */
export interface WorkerContext {
  readonly bus: Bus;
  readonly store: EventStore;
  readonly recorder: Recorder;
  readonly artifacts: ArtifactStore;
  readonly logger: WorkerLogger;
  /** Names this runner in provenance and logs, e.g. `build@linux-x64#host-1`. */
  readonly runner: string;
  /**
   * Where this worker's checkouts are: a build runs the recorded manifest's recipe from
   * `workspace` + the checkout path its release run recorded (relative), never from a job's path.
   */
  readonly workspace: string;
  /** Environment of recipe commands (PATH…); the worker adds the recipe's own `env`. */
  readonly recipeEnv: Readonly<Record<string, string>>;
  /** SOURCE_DATE_EPOCH for builds (reproducible timestamps where the tool honours it). */
  readonly sourceDateEpoch: number;
  /** How the sign worker signs. */
  readonly signing?: SigningIdentity;
  /**
   * Every configured credential: whatever is recorded (`recordOutcome`), logged or reported passes
   * through it, so a registry that echoes a token cannot put it in the ledger or the output.
   */
  readonly secrets: Redactor;
  readonly now: () => Date;
  /** Aborted when an in-process release run is stopped (Ctrl-C, SIGTERM): running recipes are killed. */
  readonly signal?: AbortSignal;
}

export const silentWorkerLogger: WorkerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentWorkerLogger,
};
