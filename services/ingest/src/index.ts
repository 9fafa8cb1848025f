export { createIngestHandler } from './ingestHandler.ts';
export type { IngestHandlerOptions } from './ingestHandler.ts';
export { startIngest } from './startIngest.ts';
export type { IngestOptions } from './startIngest.ts';
export { runIngest } from './runIngest.ts';
