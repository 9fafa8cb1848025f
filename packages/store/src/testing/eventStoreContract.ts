import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../eventStore.ts';
import { verifyChain } from '../verifyChain.ts';
import { describeAppendContract } from './contractAppend.ts';
import { describeAppendBatchContract } from './contractAppendBatch.ts';
import { describeEventKeyContract } from './contractEventKey.ts';
import { describeReadContract } from './contractRead.ts';
import { describeSubscribeContract } from './contractSubscribe.ts';

/** An adapter under test, and how to dispose of it (delete its files, drop its streams). */
export interface ContractStore {
  readonly store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The one contract every `EventStore` adapter passes: expected revisions, atomic batches, reads,
 * idempotency by (source, id), racing appenders, catch-up subscriptions, metadata, errors, and a verifiable hash
 * chain over everything those tests wrote. `open` is called once for the suite; tests use unique
 * streams and categories, assume only that positions strictly increase (not that they are dense),
 * and never that the store starts empty.
 */
export function describeEventStoreContract(name: string, open: () => Promise<ContractStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let opened: ContractStore | undefined;
    const store = (): EventStore => {
      if (opened === undefined) throw new Error('the store under test did not open');
      return opened.store;
    };
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    describeAppendContract(store);
    describeAppendBatchContract(store);
    describeEventKeyContract(store);
    describeReadContract(store);
    describeSubscribeContract(store);

    // Runs last (vitest runs a file's tests in order): the chain holds over everything above.
    it('keeps a hash chain that verifies over every record written above', async () => {
      const result = await verifyChain(store());
      expect(result.firstBreak).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.count).toBeGreaterThan(100);
    });
  });
}
