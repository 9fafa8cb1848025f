import type { RecordAnswer } from '@shiplog/ledger';
import { SdkError, SdkErrorCode } from './errors.ts';

const statuses = new Set(['recorded', 'duplicate', 'refused']);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The answer as it travels: the ledger's answer and the digest of the event it answers. */
export interface WireAnswer {
  readonly answer: RecordAnswer;
  /** `contentDigest` of the event ingest answered (absent for input it could not read). */
  readonly contentDigest?: string;
}

/** Reads the ledger's answer as ingest encodes it. */
export function decodeAnswer(bytes: Uint8Array): WireAnswer {
  try {
    const value = JSON.parse(decoder.decode(bytes)) as {
      status?: unknown;
      contentDigest?: unknown;
    };
    if (typeof value.status === 'string' && statuses.has(value.status)) {
      const { contentDigest, ...answer } = value;
      return {
        answer: answer as RecordAnswer,
        ...(typeof contentDigest === 'string' ? { contentDigest } : {}),
      };
    }
  } catch (err) {
    throw new SdkError(SdkErrorCode.AnswerMalformed, 'the ledger answer is not JSON', { cause: err });
  }
  throw new SdkError(SdkErrorCode.AnswerMalformed, 'the ledger answer has no known status');
}

/** How ingest encodes an answer, with the digest of the event it answers when it could read one. */
export function encodeAnswer(answer: RecordAnswer, contentDigest?: string): Uint8Array {
  return encoder.encode(JSON.stringify(contentDigest === undefined ? answer : { ...answer, contentDigest }));
}
