export { startMockSigstore } from './mockSigstore.ts';
export type { MockSigstore } from './mockSigstore.ts';
export { cosignVerifyBlob, preAuthEncoding, sshFingerprint } from './cosignVerifyBlob.ts';
