export { CheckpointError, CheckpointErrorCode } from './errors.ts';
export { EMPTY_ROOT, leafHash, nodeHash, recordLeaf, recordLeafHash } from './merkleHash.ts';
export { appendLeaf, EMPTY_RANGE, frontierOf, rangeRoot } from './compactRange.ts';
export { createMerkleTree } from './merkleTree.ts';
export { verifyConsistency, verifyInclusion } from './verifyProofs.ts';
export { generateSignerKey, parseSignerKey, parseVerifierKey } from './noteKey.ts';
export { openNote, signNote } from './signedNote.ts';
export { checkpointBody, openCheckpoint, parseCheckpointBody, signCheckpoint } from './checkpointNote.ts';
export { openCheckpointStore, readCheckpoints, readLatestCheckpoint } from './checkpointStore.ts';
export { checkpointsPathFor } from './checkpointsPath.ts';
export { createCheckpoint } from './createCheckpoint.ts';
export { startCheckpointing } from './startCheckpointing.ts';
export { CheckpointProblemKind, createCheckpointVerifier } from './checkpointVerifier.ts';
export { referencedDocuments } from './referencedDocuments.ts';
export { AuditBundleFile, AUDIT_BUNDLE_FORMAT } from './auditBundleFiles.ts';
export { exportAuditBundle } from './exportAuditBundle.ts';
export { verifyAuditBundle } from './verifyAuditBundle.ts';
export type { CompactRange, Frontier } from './compactRange.ts';
export type { MerkleTree } from './merkleTree.ts';
export type { NoteSigner, NoteVerifier } from './noteKey.ts';
export type { TreeHead } from './checkpointNote.ts';
export type { CheckpointStore, StoredCheckpoint } from './checkpointStore.ts';
export type { CreateCheckpointOptions, CreatedCheckpoint } from './createCheckpoint.ts';
export type { Checkpointing, CheckpointingOptions } from './startCheckpointing.ts';
export type {
  CheckpointProblem,
  CheckpointVerification,
  CheckpointVerifier,
  CheckpointVerifierOptions,
} from './checkpointVerifier.ts';
export type { DocumentReference } from './referencedDocuments.ts';
export type { AuditBundleManifest, DocumentEntry } from './auditBundleFiles.ts';
export type { AuditBundleSummary, ExportAuditBundleOptions } from './exportAuditBundle.ts';
export type { AuditBundleVerification } from './verifyAuditBundle.ts';
