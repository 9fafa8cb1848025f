import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedEvent } from '@shiplog/store';
import type { StoredCheckpoint } from './checkpointStore.ts';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';

/** The files of an offline audit bundle (a directory). */
export const AuditBundleFile = {
  Manifest: 'manifest.json',
  PublicKey: 'public-key.txt',
  Events: 'events.ndjson',
  Checkpoints: 'checkpoints.json',
  /** The latest signed checkpoint alone, as tlog tools read it. */
  Checkpoint: 'checkpoint',
  Inclusion: 'proofs/inclusion.ndjson',
  Consistency: 'proofs/consistency.json',
  Documents: 'documents.json',
  DocumentsDir: 'documents',
} as const;

export const AUDIT_BUNDLE_FORMAT = 'shiplog.audit-bundle.v1';

export interface AuditBundleManifest {
  readonly format: typeof AUDIT_BUNDLE_FORMAT;
  readonly origin: string;
  readonly publicKey: string;
  readonly events: number;
  readonly treeSize: number;
  readonly densePositions: boolean;
  readonly exportedAt: string;
}

/** A checkpoint as the bundle holds it (compact range as hex). */
export interface BundleCheckpoint {
  readonly treeSize: number;
  readonly lastPosition: number;
  readonly root: string;
  readonly range: readonly string[];
  readonly note: string;
  readonly createdAt: string;
}

export interface InclusionProofLine {
  readonly index: number;
  readonly position: number;
  readonly id: string;
  readonly treeSize: number;
  /** Base64 hashes, leaf to root. */
  readonly proof: readonly string[];
}

export interface ConsistencyProofEntry {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly string[];
}

/** An SBOM or signature bundle the ledger references, and whether its bytes are in the bundle. */
export interface DocumentEntry {
  readonly kind: 'sbom' | 'signature-bundle';
  readonly digest: string;
  readonly eventId: string;
  readonly position: number;
  readonly location?: string;
  /** Path inside the bundle, when the bytes were reachable at export. */
  readonly file?: string;
}

export function toBundleCheckpoint(c: StoredCheckpoint): BundleCheckpoint {
  const { range, ...rest } = c;
  return { ...rest, range: range.hashes.map((h) => h.toString('hex')) };
}

export function fromBundleCheckpoint(c: BundleCheckpoint): StoredCheckpoint {
  return { ...c, range: { size: c.treeSize, hashes: c.range.map((h) => Buffer.from(h, 'hex')) } };
}

function invalid(message: string, cause?: unknown): CheckpointError {
  return new CheckpointError(
    CheckpointErrorCode.BundleInvalid,
    message,
    cause === undefined ? undefined : { cause },
  );
}

/** Reads and parses one JSON file of a bundle; `BUNDLE_INVALID` names the file. */
export async function readBundleJson(dir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (err) {
    throw invalid(`the bundle has no ${file}: is ${dir} an audit bundle (exportAuditBundle)?`, err);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(`${file} in the bundle is not JSON`, err);
  }
}

const recordFields = {
  streamId: 'string',
  revision: 'number',
  position: 'number',
  id: 'string',
  type: 'string',
  data: 'string',
  producer: 'string',
  recordedAt: 'string',
  prevHash: 'string',
  streamPrevHash: 'string',
  hash: 'string',
} as const;

/** Parses one line of events.ndjson into a record; `BUNDLE_INVALID` names the line. */
export function parseRecordLine(line: string, lineNumber: number): RecordedEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw invalid(`${AuditBundleFile.Events} line ${lineNumber} is not JSON`, err);
  }
  const record = value as Record<string, unknown>;
  for (const [field, type] of Object.entries(recordFields))
    if (typeof value !== 'object' || value === null || typeof record[field] !== type)
      throw invalid(`${AuditBundleFile.Events} line ${lineNumber}: '${field}' is not a ${type}`);
  return value as RecordedEvent;
}
