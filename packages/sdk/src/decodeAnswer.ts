import { parseAnswer } from '@shiplog/ledger';
import type { WireAnswer } from '@shiplog/ledger';
import { SdkError, SdkErrorCode } from './errors.ts';

/** Reads the ledger's answer as ingest encodes it (`encodeAnswer` of `@shiplog/ledger`). */
export function decodeAnswer(bytes: Uint8Array): WireAnswer {
  const parsed = parseAnswer(bytes);
  if (parsed.ok) return parsed.wire;
  throw new SdkError(
    SdkErrorCode.AnswerMalformed,
    parsed.problem,
    parsed.cause === undefined ? undefined : { cause: parsed.cause },
  );
}
