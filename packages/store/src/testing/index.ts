export { describeEventStoreContract } from './eventStoreContract.ts';
export { collect, newEvent, newEvents, take, uniqueCategory, uniqueStream } from './contractSupport.ts';
export type { ContractStore } from './eventStoreContract.ts';
