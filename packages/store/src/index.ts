export { StoreError, StoreErrorCode } from './errors.ts';
export { canonicalRecord, CANONICAL_RECORD_VERSION } from './canonicalRecord.ts';
export { eventKey, sourceOfData } from './eventKey.ts';
export { storedValue } from './storedValue.ts';
export { recordHash, ZERO_HASH } from './recordHash.ts';
export { verifyChain, ChainBreakReason } from './verifyChain.ts';
export { openStore } from './openStore.ts';
export { createSqliteEventStore } from './sqlite/sqliteEventStore.ts';
export { createEsdbEventStore } from './esdb/esdbEventStore.ts';
export { assertValidAppend, assertValidMetadata, assertValidStreamId } from './validateAppend.ts';
export type {
  AppendOptions,
  AppendResult,
  BatchAppend,
  EventKey,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from './eventStore.ts';
export type { HashedFields } from './canonicalRecord.ts';
export type { ChainBreak, VerifyChainOptions, VerifyChainResult } from './verifyChain.ts';
export type { OpenStoreOptions } from './openStore.ts';
export type { SqliteEventStoreOptions } from './sqlite/sqliteEventStore.ts';
export type { EsdbEventStoreOptions } from './esdb/esdbEventStore.ts';
