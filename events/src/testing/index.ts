export { shiplogEventExamples } from './shiplogEventExamples.ts';
