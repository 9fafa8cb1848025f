export { startMockSigstore } from './mockSigstore.ts';
export type { MockSigstore } from './mockSigstore.ts';
