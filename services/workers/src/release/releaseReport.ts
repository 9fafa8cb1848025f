import type { GateReason } from '@shiplog/ledger';
import type { ReleaseEcosystem } from '@shiplog/release';
import type { PublishedFile } from '../publish/publishOutcome.ts';
import type { RegistryWait } from '../publish/withRegistryRetries.ts';

/** How a release run ended. */
export type ReleaseStatus = 'published' | 'partial' | 'failed' | 'denied' | 'dry-run';

/** One package of a release report. */
export interface PackageReport {
  readonly name: string;
  readonly ecosystem: ReleaseEcosystem;
  readonly registry: string;
  readonly wave: number;
  readonly status: 'published' | 'already-published' | 'would-publish' | 'failed' | 'not-attempted';
  readonly files: readonly PublishedFile[];
  readonly waits: readonly RegistryWait[];
  readonly error?: { readonly code: string; readonly message: string };
}

/** The gate's word on one artifact, as the report shows it. */
export interface GateLine {
  readonly package: string;
  readonly digest?: string;
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly GateReason[];
  readonly gateId?: string;
}

/** What `shiplog release run|resume` prints with `--json`, and the summary event carries. */
export interface ReleaseReport {
  readonly id: string;
  readonly release: string;
  readonly version: string;
  readonly run: number;
  readonly status: ReleaseStatus;
  readonly dryRun: boolean;
  readonly gate?: { readonly decision: 'allow' | 'deny'; readonly artifacts: readonly GateLine[] };
  readonly packages: readonly PackageReport[];
  readonly latest: { readonly moved: boolean; readonly packages: readonly string[] };
  /** The GitHub Release step's outcome, when a GitHub token was given and every package is out. */
  readonly github?: {
    readonly tag: string;
    readonly url: string;
    readonly assets: readonly {
      readonly name: string;
      readonly digest: string;
      readonly uploaded: boolean;
    }[];
  };
  /** Why the run stopped early (a build failed, credentials missing…), when it did. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly timings: {
    readonly buildMs: number;
    readonly gateMs: number;
    readonly publishMs: number;
    readonly totalMs: number;
  };
  readonly summaryEventId: string;
}

/** Progress of a run, for the command line's live lines. */
export interface ReleaseProgress {
  readonly phase: 'build' | 'gate' | 'publish' | 'latest' | 'github' | 'done';
  readonly package?: string;
  readonly message: string;
}
