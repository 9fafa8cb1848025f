import type { GatePolicy, Recorder } from '@shiplog/ledger';
import type { Projections } from '@shiplog/projections';
import type { EventStore } from '@shiplog/store';

/** What the routes work with; built once by `createApiServer`. */
export interface ApiContext {
  readonly store: EventStore;
  /** The single validate → judge → append path. */
  readonly recorder: Recorder;
  /** The read models; without them the read routes answer 503. */
  readonly projections?: Projections;
  readonly gatePolicy: GatePolicy;
  readonly now: () => Date;
  /** The latest signed checkpoint of the log, when one is kept. */
  readonly latestCheckpoint?: () => LatestCheckpoint | undefined;
  /** A release's status (`shiplog release status --json`), undefined when the ledger has no run of it. */
  readonly releaseStatus?: (id: string) => Promise<unknown>;
  /** Writes an offline audit bundle into an empty directory (`shiplog export --audit`, read-only). */
  readonly auditBundle?: (dir: string) => Promise<{ readonly treeSize: number }>;
  /** The bytes of an SBOM or signature bundle by digest (the workers' artifact store); undefined when absent. */
  readonly fetchDocument?: (digest: string) => Promise<Uint8Array | undefined>;
}

/** What `GET /v1/checkpoint` answers with (a `StoredCheckpoint` of `@shiplog/checkpoint` fits). */
export interface LatestCheckpoint {
  readonly treeSize: number;
  readonly lastPosition: number;
  /** The tree's root, hex. */
  readonly root: string;
  /** The C2SP signed note. */
  readonly note: string;
  readonly createdAt: string;
}
