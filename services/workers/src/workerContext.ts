import type { SigningIdentity } from '@shiplog/attest';
import type { Bus } from '@shiplog/bus';
import type { GatePolicy, Recorder } from '@shiplog/ledger';
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
  /** Environment of recipe commands (PATH…); the worker adds the recipe's own `env`. */
  readonly recipeEnv: Readonly<Record<string, string>>;
  /** SOURCE_DATE_EPOCH for builds (reproducible timestamps where the tool honours it). */
  readonly sourceDateEpoch: number;
  /** How the sign worker signs. */
  readonly signing?: SigningIdentity;
  /** The release gate's policy. */
  readonly gatePolicy?: GatePolicy;
  readonly now: () => Date;
}

export const silentWorkerLogger: WorkerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentWorkerLogger,
};
