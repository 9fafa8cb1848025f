import type { RecordAnswer } from '@shiplog/ledger';
import { SdkError, SdkErrorCode } from './errors.ts';

const statuses = new Set(['recorded', 'duplicate', 'refused']);

/** Reads the ledger's answer as ingest encodes it (JSON of `RecordAnswer`). */
export function decodeAnswer(bytes: Uint8Array): RecordAnswer {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { status?: unknown };
    if (typeof value.status === 'string' && statuses.has(value.status)) return value as RecordAnswer;
  } catch (err) {
    throw new SdkError(SdkErrorCode.AnswerMalformed, 'the ledger answer is not JSON', { cause: err });
  }
  throw new SdkError(SdkErrorCode.AnswerMalformed, 'the ledger answer has no known status');
}

/** How ingest encodes an answer. */
export function encodeAnswer(answer: RecordAnswer): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(answer));
}
