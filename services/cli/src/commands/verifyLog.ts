import { createCheckpointVerifier, readCheckpoints } from '@shiplog/checkpoint';
import type { CheckpointVerification, NoteVerifier, TreeHead } from '@shiplog/checkpoint';
import { verifyChain } from '@shiplog/store';
import type { EventStore, VerifyChainOptions, VerifyChainResult } from '@shiplog/store';

export interface LogVerification {
  readonly chain: VerifyChainResult;
  /** Undefined when the chain broke first (the log was not read to its end). */
  readonly checkpoints: CheckpointVerification | undefined;
}

/**
 * One pass over the log: the hash chain, and the Merkle tree against every checkpoint held
 * (roots, signatures, a cut tail, gaps in dense positions).
 */
export async function verifyLog(
  store: EventStore,
  options: VerifyChainOptions & {
    readonly checkpointsPath: string;
    readonly verifier: NoteVerifier | undefined;
    readonly densePositions: boolean;
    readonly kept: readonly TreeHead[];
  },
): Promise<LogVerification> {
  const held = readCheckpoints(options.checkpointsPath);
  const checker = createCheckpointVerifier(held, {
    densePositions: options.densePositions,
    kept: options.kept,
    ...(options.verifier === undefined ? {} : { verifier: options.verifier }),
  });
  const chain = await verifyChain(store, { ...options, onRecord: (record) => checker.add(record) });
  return { chain, checkpoints: chain.ok ? checker.finish() : undefined };
}
