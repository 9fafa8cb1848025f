import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { verifyChain } from '@shiplog/store';
import type { RecordedEvent, VerifyChainResult } from '@shiplog/store';
import {
  AUDIT_BUNDLE_FORMAT,
  AuditBundleFile,
  fromBundleCheckpoint,
  parseRecordLine,
  readBundleJson,
} from './auditBundleFiles.ts';
import type {
  AuditBundleManifest,
  BundleCheckpoint,
  ConsistencyProofEntry,
  InclusionProofLine,
} from './auditBundleFiles.ts';
import { createCheckpointVerifier } from './checkpointVerifier.ts';
import type { CheckpointVerification } from './checkpointVerifier.ts';
import { openCheckpoint } from './checkpointNote.ts';
import type { TreeHead } from './checkpointNote.ts';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';
import { checkBundleDocuments } from './checkBundleDocuments.ts';
import { recordLeafHash } from './merkleHash.ts';
import type { NoteVerifier } from './noteKey.ts';
import { verifyConsistency, verifyInclusion } from './verifyProofs.ts';

export interface AuditBundleVerification {
  readonly ok: boolean;
  readonly origin: string;
  readonly chain: VerifyChainResult;
  readonly checkpoints: CheckpointVerification;
  readonly inclusion: { readonly checked: number; readonly failed: readonly number[] };
  readonly consistency: { readonly checked: number; readonly failed: readonly string[] };
  readonly documents: {
    readonly checked: number;
    readonly notIncluded: readonly string[];
    readonly altered: readonly string[];
  };
  /** Everything that does not hold, in words. */
  readonly problems: readonly string[];
}

async function* linesOf(path: string): AsyncGenerator<string> {
  if (!existsSync(path))
    throw new CheckpointError(
      CheckpointErrorCode.BundleInvalid,
      `the bundle has no ${path}: is it an audit bundle?`,
    );
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) if (line.length > 0) yield line;
}

function parseProofLine(text: string, lineNumber: number): InclusionProofLine {
  try {
    const entry = JSON.parse(text) as InclusionProofLine;
    if (
      Number.isSafeInteger(entry.index) &&
      Number.isSafeInteger(entry.treeSize) &&
      Array.isArray(entry.proof)
    )
      return entry;
  } catch {
    // Reported below, with the line.
  }
  throw new CheckpointError(
    CheckpointErrorCode.BundleInvalid,
    `${AuditBundleFile.Inclusion} line ${lineNumber} is not an inclusion proof ({index, treeSize, proof})`,
  );
}

function fromBase64(hashes: readonly string[]): Buffer[] {
  return hashes.map((h) => Buffer.from(h, 'base64'));
}

/**
 * Verifies an audit bundle on its own, with the log's public key kept elsewhere: the hash chain
 * of its records, every checkpoint's signature and root against the records, the consistency of
 * consecutive checkpoints and the inclusion proof of every record (RFC 9162 §2.1.3–2.1.4), and the
 * digests of the documents it holds. Throws `BUNDLE_INVALID` when a file is missing or unreadable.
 */
export async function verifyAuditBundle(
  dir: string,
  verifier: NoteVerifier,
  options: { readonly kept?: readonly TreeHead[] } = {},
): Promise<AuditBundleVerification> {
  const manifest = (await readBundleJson(dir, AuditBundleFile.Manifest)) as Partial<AuditBundleManifest>;
  if (manifest.format !== AUDIT_BUNDLE_FORMAT)
    throw new CheckpointError(
      CheckpointErrorCode.BundleInvalid,
      `manifest.json says format '${String(manifest.format)}', expected ${AUDIT_BUNDLE_FORMAT}`,
    );
  const checkpoints = ((await readBundleJson(dir, AuditBundleFile.Checkpoints)) as BundleCheckpoint[]).map(
    fromBundleCheckpoint,
  );
  const problems: string[] = [];
  if (checkpoints.length === 0) problems.push('the bundle holds no checkpoint');
  const checker = createCheckpointVerifier(checkpoints, {
    verifier,
    densePositions: manifest.densePositions === true,
    kept: options.kept ?? [],
  });
  const leaves: Buffer[] = [];
  let line = 0;
  const chain = await verifyChain({
    readAll: async function* () {
      for await (const text of linesOf(join(dir, AuditBundleFile.Events))) {
        const record: RecordedEvent = parseRecordLine(text, ++line);
        checker.add(record);
        leaves.push(recordLeafHash(record));
        yield record;
      }
    },
  });
  if (!chain.ok)
    problems.push(
      `the records' hash chain breaks at position ${chain.firstBreak?.position} (${chain.firstBreak?.reason})`,
    );
  const verified = checker.finish();
  for (const p of verified.problems) problems.push(`checkpoint ${p.treeSize ?? '-'}: ${p.detail}`);

  const heads = new Map<number, TreeHead>();
  for (const c of checkpoints) {
    try {
      heads.set(c.treeSize, openCheckpoint(c.note, verifier));
    } catch {
      // Already reported by the checkpoint verifier.
    }
  }
  const consistencyFailed: string[] = [];
  const proofs = (await readBundleJson(dir, AuditBundleFile.Consistency)) as ConsistencyProofEntry[];
  const sizes = checkpoints.map((c) => c.treeSize).sort((a, b) => a - b);
  for (let i = 1; i < sizes.length; i++) {
    const [from, to] = [sizes[i - 1] as number, sizes[i] as number];
    const entry = proofs.find((p) => p.from === from && p.to === to);
    const [a, b] = [heads.get(from), heads.get(to)];
    if (
      entry === undefined ||
      a === undefined ||
      b === undefined ||
      !verifyConsistency(from, to, a.root, b.root, fromBase64(entry.proof))
    )
      consistencyFailed.push(`${from}→${to}`);
  }
  for (const f of consistencyFailed) problems.push(`the consistency proof ${f} does not verify`);

  const inclusionFailed: number[] = [];
  let inclusionChecked = 0;
  const latest = heads.get(sizes.at(-1) ?? -1);
  for await (const text of linesOf(join(dir, AuditBundleFile.Inclusion))) {
    const entry = parseProofLine(text, inclusionChecked + 1);
    inclusionChecked += 1;
    const leaf = leaves[entry.index];
    const head = heads.get(entry.treeSize);
    if (
      leaf === undefined ||
      head === undefined ||
      !verifyInclusion(entry.index, head.size, leaf, fromBase64(entry.proof), head.root)
    )
      inclusionFailed.push(entry.index);
  }
  if (latest !== undefined && inclusionChecked < Math.min(latest.size, leaves.length))
    problems.push(`only ${inclusionChecked} of ${latest.size} records have an inclusion proof`);
  // Export signs a checkpoint of everything it writes: records past the latest were added after.
  if (latest !== undefined && leaves.length > latest.size)
    problems.push(
      `${leaves.length - latest.size} records after the latest checkpoint (${latest.size}) are signed by no checkpoint`,
    );
  for (const index of inclusionFailed.slice(0, 10))
    problems.push(`the inclusion proof of record ${index} does not verify`);

  const { checked, notIncluded, altered } = await checkBundleDocuments(dir);
  for (const d of altered) problems.push(`document ${d} is missing or does not match its digest`);
  return {
    ok: problems.length === 0,
    origin: String(manifest.origin),
    chain,
    checkpoints: verified,
    inclusion: { checked: inclusionChecked, failed: inclusionFailed },
    consistency: { checked: Math.max(0, sizes.length - 1), failed: consistencyFailed },
    documents: { checked, notIncluded, altered },
    problems,
  };
}
