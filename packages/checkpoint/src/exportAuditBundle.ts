import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { EventStore } from '@shiplog/store';
import { AUDIT_BUNDLE_FORMAT, AuditBundleFile, toBundleCheckpoint } from './auditBundleFiles.ts';
import type { AuditBundleManifest, ConsistencyProofEntry, DocumentEntry } from './auditBundleFiles.ts';
import { parseCheckpointBody } from './checkpointNote.ts';
import type { StoredCheckpoint } from './checkpointStore.ts';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';
import { recordLeafHash } from './merkleHash.ts';
import { createMerkleTree } from './merkleTree.ts';
import { referencedDocuments } from './referencedDocuments.ts';

export interface ExportAuditBundleOptions {
  readonly store: Pick<EventStore, 'readAll'>;
  /** Every checkpoint held (at least one). */
  readonly checkpoints: readonly StoredCheckpoint[];
  /** The log's verifier key, written into the bundle for reference (auditors bring their own). */
  readonly verifierKey?: string;
  readonly dir: string;
  readonly densePositions: boolean;
  /** The bytes of an SBOM or signature bundle by digest; undefined when not reachable. */
  readonly fetchDocument?: (digest: string) => Promise<Uint8Array | undefined>;
  readonly now?: () => Date;
}

export interface AuditBundleSummary {
  readonly dir: string;
  readonly events: number;
  readonly treeSize: number;
  readonly checkpoints: number;
  readonly inclusionProofs: number;
  readonly consistencyProofs: number;
  readonly documents: { readonly included: number; readonly missing: readonly string[] };
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/**
 * Writes an offline audit bundle: every record up to the latest checkpoint, every checkpoint, an inclusion proof of every
 * record in the latest checkpoint, a consistency proof between consecutive checkpoints, the
 * public key, and the SBOMs and signature bundles the records reference (or their list, when the
 * bytes are out of reach). `verifyAuditBundle` checks it with nothing but the expected key.
 */
export async function exportAuditBundle(options: ExportAuditBundleOptions): Promise<AuditBundleSummary> {
  const checkpoints = [...options.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const latest = checkpoints.at(-1);
  if (latest === undefined)
    throw new CheckpointError(
      CheckpointErrorCode.CheckpointUnavailable,
      'no checkpoint to export: run shiplog checkpoint first',
    );
  const { dir } = options;
  await mkdir(join(dir, 'proofs'), { recursive: true });
  await mkdir(join(dir, AuditBundleFile.DocumentsDir), { recursive: true });
  const tree = createMerkleTree();
  const positions: number[] = [];
  const ids: string[] = [];
  const documents: DocumentEntry[] = [];
  const missing: string[] = [];
  const events = createWriteStream(join(dir, AuditBundleFile.Events));
  // Only what the latest checkpoint signed: a bundle holds no record no signature covers.
  for await (const record of options.store.readAll({ maxCount: latest.treeSize })) {
    await write(events, `${JSON.stringify(record)}\n`);
    tree.append(recordLeafHash(record));
    positions.push(record.position);
    ids.push(record.id);
    for (const ref of referencedDocuments(record)) {
      const bytes = await options.fetchDocument?.(ref.digest);
      const file =
        bytes === undefined ? undefined : `${AuditBundleFile.DocumentsDir}/${ref.digest.replace(':', '-')}`;
      if (file !== undefined) await writeFile(join(dir, file), bytes as Uint8Array);
      else missing.push(ref.digest);
      documents.push({
        ...ref,
        eventId: record.id,
        position: record.position,
        ...(file === undefined ? {} : { file }),
      });
    }
  }
  await end(events);

  if (tree.size < latest.treeSize)
    throw new CheckpointError(
      CheckpointErrorCode.LogBehindCheckpoint,
      `the log has ${tree.size} records, its latest checkpoint signed ${latest.treeSize}: records were cut off its end (shiplog verify names it)`,
    );
  const inclusion = createWriteStream(join(dir, AuditBundleFile.Inclusion));
  const size = latest.treeSize;
  for (let index = 0; index < size; index++) {
    const proof = tree.inclusionProof(index, latest.treeSize).map((h) => h.toString('base64'));
    const line = { index, position: positions[index], id: ids[index], treeSize: latest.treeSize, proof };
    await write(inclusion, `${JSON.stringify(line)}\n`);
  }
  await end(inclusion);
  const consistency: ConsistencyProofEntry[] = [];
  for (let i = 1; i < checkpoints.length; i++) {
    const from = (checkpoints[i - 1] as StoredCheckpoint).treeSize;
    const to = (checkpoints[i] as StoredCheckpoint).treeSize;
    if (to <= tree.size)
      consistency.push({ from, to, proof: tree.consistencyProof(from, to).map((h) => h.toString('base64')) });
  }
  const manifest: AuditBundleManifest = {
    format: AUDIT_BUNDLE_FORMAT,
    origin: parseCheckpointBody(latest.note.slice(0, latest.note.indexOf('\n\n') + 1)).origin,
    publicKey: options.verifierKey ?? '',
    events: tree.size,
    treeSize: latest.treeSize,
    densePositions: options.densePositions,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(dir, AuditBundleFile.Consistency), json(consistency));
  await writeFile(join(dir, AuditBundleFile.Checkpoints), json(checkpoints.map(toBundleCheckpoint)));
  await writeFile(join(dir, AuditBundleFile.Checkpoint), latest.note);
  await writeFile(join(dir, AuditBundleFile.Documents), json(documents));
  if (options.verifierKey !== undefined)
    await writeFile(join(dir, AuditBundleFile.PublicKey), `${options.verifierKey}\n`);
  await writeFile(join(dir, AuditBundleFile.Manifest), json(manifest));
  return {
    dir,
    events: tree.size,
    treeSize: latest.treeSize,
    checkpoints: checkpoints.length,
    inclusionProofs: size,
    consistencyProofs: consistency.length,
    documents: { included: documents.length - missing.length, missing },
  };
}
