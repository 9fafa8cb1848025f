/** Defaults of `ConsumeOptions`, shared by both adapters so they behave the same. */
export const consumeDefaults = {
  maxAckPending: 100,
  ackWaitMs: 30_000,
  maxDeliver: 5,
  retryDelayMs: 1_000,
  concurrency: 1,
  confirmAck: true,
} as const;
