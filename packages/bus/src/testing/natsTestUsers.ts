import type { NatsUserRole } from '../natsPermissions.ts';

/** A user of every role, and two emitters to try one against the other: the NATS permission tests' cast. */
export const natsTestUsers: readonly NatsUserRole[] = [
  { user: 'ci', role: 'emitter' },
  { user: 'cd', role: 'emitter' },
  { user: 'ingest', role: 'ingest' },
  { user: 'worker', role: 'worker' },
  { user: 'release', role: 'release' },
  { user: 'admin', role: 'admin' },
];
