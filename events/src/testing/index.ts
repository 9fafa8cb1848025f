export { shiplogEventExamples } from './shiplogEventExamples.ts';
export { codeOf } from './codeOf.ts';
