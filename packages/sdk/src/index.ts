export { SdkError, SdkErrorCode } from './errors.ts';
export { createEmitter } from './createEmitter.ts';
export type { Emittable, Emitter, EmitterOptions, RecordAnswer, RetryOptions } from './createEmitter.ts';
export { emitMany } from './emitMany.ts';
export type { EmitManyOptions } from './emitMany.ts';
export { buildEvent } from './buildEvent.ts';
export type { EventInput } from './buildEvent.ts';
export { eventSubject } from './eventSubject.ts';
export { decodeAnswer, encodeAnswer } from './decodeAnswer.ts';
