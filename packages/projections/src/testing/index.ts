export { generateHistory } from './generateHistory.ts';
export type { GeneratedHistory, GenerateHistoryOptions } from './generateHistory.ts';
