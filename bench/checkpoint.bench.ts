// Signed checkpoints over a large ledger: the first checkpoint (the whole log into a compact
// range), an incremental one after 1,000 new records, verify with checkpoints against verify
// alone, and inclusion proofs (build the in-memory tree once, then proofs by random index).
import { join } from 'node:path';
import {
  appendLeaf,
  createCheckpoint,
  createCheckpointVerifier,
  createMerkleTree,
  EMPTY_RANGE,
  frontierOf,
  generateSignerKey,
  openCheckpointStore,
  parseSignerKey,
  parseVerifierKey,
  rangeRoot,
  recordLeafHash,
  signCheckpoint,
  verifyInclusion,
} from '@shiplog/checkpoint';
import { createSqliteEventStore, verifyChain } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import type { BenchContext, Figure } from './benchTypes.ts';

const NEW_RECORDS = 1000;
const PROOFS = 10_000;

const seconds = (started: number): number => (performance.now() - started) / 1000;

/** The first checkpoint of the log: every record into the compact range, signed, stored. */
async function firstCheckpoint(store: EventStore, dir: string, signerKey: string): Promise<number> {
  const checkpoints = openCheckpointStore(join(dir, `checkpoints-full-${Date.now()}.db`));
  const started = performance.now();
  await createCheckpoint({ store, checkpoints, signer: parseSignerKey(signerKey) });
  const elapsed = seconds(started);
  checkpoints.close();
  return elapsed;
}

/**
 * An incremental checkpoint: a checkpoint of all but the last 1,000 records is stored first (the
 * ledger is shared with other modules and stays unchanged), then the timed one reads the rest.
 */
async function incrementalCheckpoint(
  store: EventStore,
  dir: string,
  events: number,
  signerKey: string,
): Promise<number> {
  const signer = parseSignerKey(signerKey);
  const checkpoints = openCheckpointStore(join(dir, `checkpoints-inc-${Date.now()}.db`));
  const frontier = frontierOf(EMPTY_RANGE);
  let lastPosition = 0;
  for await (const record of store.readAll({ maxCount: events - NEW_RECORDS })) {
    appendLeaf(frontier, recordLeafHash(record));
    lastPosition = record.position;
  }
  const root = rangeRoot(frontier);
  checkpoints.add({
    treeSize: frontier.size,
    lastPosition,
    root: root.toString('hex'),
    range: frontier,
    note: signCheckpoint({ origin: signer.name, size: frontier.size, root }, signer),
    createdAt: new Date().toISOString(),
  });
  const started = performance.now();
  const { checkpoint } = await createCheckpoint({ store, checkpoints, signer });
  const elapsed = seconds(started);
  if (checkpoint.treeSize !== events)
    throw new Error(`incremental checkpoint covers ${checkpoint.treeSize} records`);
  checkpoints.close();
  return elapsed;
}

async function verifyWithCheckpoints(
  store: EventStore,
  dir: string,
  signerKey: string,
): Promise<{ alone: number; with: number }> {
  const checkpoints = openCheckpointStore(join(dir, `checkpoints-verify-${Date.now()}.db`));
  const signer = parseSignerKey(signerKey);
  await createCheckpoint({ store, checkpoints, signer });
  let started = performance.now();
  const plain = await verifyChain(store);
  const alone = seconds(started);
  started = performance.now();
  const checker = createCheckpointVerifier(checkpoints.list(), {
    verifier: parseVerifierKey(signer.verifierKey),
    densePositions: true,
  });
  const chain = await verifyChain(store, { onRecord: (record) => checker.add(record) });
  const result = checker.finish();
  const withCheckpoints = seconds(started);
  if (!plain.ok || !chain.ok || !result.ok) throw new Error('bench ledger did not verify');
  checkpoints.close();
  return { alone, with: withCheckpoints };
}

async function proofs(
  store: EventStore,
  events: number,
): Promise<{ build: number; prove: number; verify: number }> {
  let started = performance.now();
  const tree = createMerkleTree();
  for await (const record of store.readAll()) tree.append(recordLeafHash(record));
  const build = seconds(started);
  const root = tree.root();
  const indexes = Array.from({ length: PROOFS }, (_, i) =>
    Math.floor((((i * 2654435761) % 2 ** 32) / 2 ** 32) * events),
  );
  started = performance.now();
  const made = indexes.map((index) => tree.inclusionProof(index, events));
  const prove = seconds(started) / PROOFS;
  started = performance.now();
  for (const [i, index] of indexes.entries())
    if (!verifyInclusion(index, events, tree.leafHash(index), made[i] as Buffer[], root))
      throw new Error('proof failed');
  const verify = seconds(started) / PROOFS;
  return { build, prove, verify };
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const events = ctx.quick ? 100_000 : 1_000_000;
  const path = await ctx.ledger(events);
  const store = await createSqliteEventStore(path, { create: false });
  const signerKey = generateSignerKey('bench.shiplog.local/log');
  try {
    const first = await firstCheckpoint(store, ctx.dir, signerKey);
    const incremental = await incrementalCheckpoint(store, ctx.dir, events, signerKey);
    const verify = await verifyWithCheckpoints(store, ctx.dir, signerKey);
    const proof = await proofs(store, events);
    ctx.log(
      `first checkpoint ${first.toFixed(2)} s, incremental ${(incremental * 1000).toFixed(1)} ms, ` +
        `verify ${verify.alone.toFixed(2)} s alone / ${verify.with.toFixed(2)} s with checkpoints, ` +
        `tree ${proof.build.toFixed(2)} s, proof ${(proof.prove * 1e6).toFixed(1)} µs, ` +
        `proof verify ${(proof.verify * 1e6).toFixed(1)} µs`,
    );
    return [
      {
        name: `checkpoint: first checkpoint of ${events} events`,
        value: events / first,
        unit: 'events/s',
        goal: '≥ 100000 events/s',
        met: events / first >= 100_000,
      },
      {
        name: `checkpoint: next checkpoint after ${NEW_RECORDS} new events on ${events}`,
        value: incremental * 1000,
        unit: 'ms',
        goal: '≤ 100 ms (O(new events), not O(n))',
        met: incremental * 1000 <= 100,
      },
      {
        name: `checkpoint: verify with checkpoints over ${events} events`,
        value: events / verify.with,
        unit: 'events/s',
        baseline: events / verify.alone,
        ratio: verify.alone / verify.with,
        goal: 'ratio ≥ 0.7 of verify alone',
        met: verify.alone / verify.with >= 0.7,
      },
      {
        name: `checkpoint: in-memory proof tree of ${events} events`,
        value: proof.build,
        unit: 's',
        goal: `reported (${Math.round((2 * events * 32) / 2 ** 20)} MB of hashes)`,
        met: true,
      },
      {
        name: `checkpoint: inclusion proof at ${events} events`,
        value: proof.prove * 1e6,
        unit: 'µs',
        goal: '≤ 100 µs',
        met: proof.prove * 1e6 <= 100,
      },
      {
        name: `checkpoint: inclusion proof verification at ${events} events`,
        value: proof.verify * 1e6,
        unit: 'µs',
        goal: '≤ 100 µs',
        met: proof.verify * 1e6 <= 100,
      },
    ];
  } finally {
    await store.close();
  }
}
