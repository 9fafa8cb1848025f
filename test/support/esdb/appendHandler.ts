import { status } from '@grpc/grpc-js';
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb.js';
import { serverError, streamNameOf } from './grpcMessages.ts';
import type { AppendOutcome, Expectation, MemoryLog } from './memoryLog.ts';
import { checkProposed, rpcFailure } from './proposedEvents.ts';

const { AppendResp: AppendRespClass } = streamsPb;
const { Empty } = sharedPb;
const REVISION = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase;

/** `Streams/Append`: a client stream of one options message, then the proposed messages. */
export function appendHandler(log: MemoryLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    const requests: AppendReq[] = [];
    call.on('data', (request: AppendReq) => requests.push(request));
    call.on('error', () => undefined);
    call.on('end', () => {
      const options = requests[0]?.getOptions();
      if (options === undefined) {
        callback(serverError(status.INVALID_ARGUMENT, 'Options were not sent first', {}));
        return;
      }
      const proposed = requests.flatMap((request) => {
        const message = request.getProposedMessage();
        return message === undefined ? [] : [message];
      });
      const checked = checkProposed(proposed);
      if ('failure' in checked) {
        callback(rpcFailure(checked.failure));
        return;
      }
      const streamName = streamNameOf(options.getStreamIdentifier());
      if (log.refuseAppends?.(streamName) === true) {
        callback(serverError(status.UNAVAILABLE, 'Connection dropped (test fault)', {}));
        return;
      }
      const expectation = appendExpectation(options);
      const outcome = log.append(streamName, expectation, checked.events);
      callback(null, appendResponse(outcome, expectation));
    });
  };
}

function appendExpectation(options: AppendReq.Options): Expectation {
  switch (options.getExpectedStreamRevisionCase()) {
    case REVISION.REVISION:
      return { kind: 'revision', revision: Number(options.getRevision()) };
    case REVISION.NO_STREAM:
      return { kind: 'revision', revision: -1 };
    case REVISION.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case REVISION.ANY:
    case REVISION.EXPECTED_STREAM_REVISION_NOT_SET:
    default:
      return { kind: 'any' };
  }
}

function appendResponse(outcome: AppendOutcome, expectation: Expectation): AppendResp {
  const response = new AppendRespClass();
  if (outcome.kind === 'wrong_expected_version') {
    // The server fills the current fields and their 20.6.0 twins; old clients read the latter.
    const wrong = new AppendRespClass.WrongExpectedVersion();
    if (outcome.currentRevision === -1) {
      wrong.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
    } else {
      wrong
        .setCurrentRevision(String(outcome.currentRevision))
        .setCurrentRevision2060(outcome.currentRevision);
    }
    if (expectation.kind === 'any') wrong.setExpectedAny(new Empty()).setAny2060(new Empty());
    if (expectation.kind === 'stream_exists') {
      wrong.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
    }
    if (expectation.kind === 'revision' && expectation.revision === -1) {
      // The 20.6.0 fields are unsigned and have no "no stream" case: only the current field is set.
      wrong.setExpectedNoStream(new Empty());
    } else if (expectation.kind === 'revision') {
      wrong.setExpectedRevision(String(expectation.revision)).setExpectedRevision2060(expectation.revision);
    }
    return response.setWrongExpectedVersion(wrong);
  }
  const success = new AppendRespClass.Success();
  if (outcome.currentRevision === -1) success.setNoStream(new Empty());
  else success.setCurrentRevision(String(outcome.currentRevision));
  const position = String(outcome.position);
  success.setPosition(
    new AppendRespClass.Position().setCommitPosition(position).setPreparePosition(position),
  );
  return response.setSuccess(success);
}
