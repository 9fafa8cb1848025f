import { status } from '@grpc/grpc-js';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb.js';
import { parseUuid, streamIdentifier, streamNameOf } from './grpcMessages.ts';
import type { Expectation, MemoryLog } from './memoryLog.ts';
import { checkProposed, MAX_APPEND_SIZE } from './proposedEvents.ts';

const { BatchAppendResp: BatchAppendRespClass } = streamsPb;
const { AllStreamPosition, WrongExpectedVersion, MaximumAppendSizeExceeded } = sharedPb;
const BATCH_POSITION = streamsPb.BatchAppendReq.Options.ExpectedStreamPositionCase;

interface PendingBatch {
  readonly options: BatchAppendReq.Options;
  readonly messages: BatchAppendReq.ProposedMessage[];
}

/** `Streams/BatchAppend`: one long-lived duplex stream; requests are grouped by correlation id. */
export function batchAppendHandler(log: MemoryLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, PendingBatch>();
    call.on('error', () => undefined);
    call.on('end', () => call.end());
    call.on('data', (request: BatchAppendReq) => {
      const correlation = parseUuid(request.getCorrelationId()) ?? '';
      const options = request.getOptions();
      const batch = pending.get(correlation) ?? (options ? { options, messages: [] } : undefined);
      if (batch === undefined) return;
      batch.messages.push(...request.getProposedMessagesList());
      if (!request.getIsFinal()) {
        pending.set(correlation, batch);
        return;
      }
      pending.delete(correlation);
      const correlationId = request.getCorrelationId();
      call.write(batchResponse(log, batch).setCorrelationId(correlationId));
    });
  };
}

function batchResponse(log: MemoryLog, batch: PendingBatch): BatchAppendResp {
  const streamName = streamNameOf(batch.options.getStreamIdentifier());
  const response = new BatchAppendRespClass().setStreamIdentifier(streamIdentifier(streamName));
  const expectation = batchExpectation(batch.options);
  switch (expectation.kind) {
    case 'any':
      response.setAny(new emptyPb.Empty());
      break;
    case 'stream_exists':
      response.setStreamExists(new emptyPb.Empty());
      break;
    case 'revision':
      if (expectation.revision === -1) response.setNoStream(new emptyPb.Empty());
      else response.setStreamPosition(String(expectation.revision));
  }
  const checked = checkProposed(batch.messages);
  if ('failure' in checked) {
    if (checked.failure !== 'too_big') {
      // The server's BadRequest; the 6.x client does not know it and raises UnknownError.
      const badRequest = new sharedPb.BadRequest().setMessage('Invalid proposed message');
      return response.setError(
        statusMessage(status.INVALID_ARGUMENT, 'BadRequest', badRequest, 'BadRequest'),
      );
    }
    const details = new MaximumAppendSizeExceeded().setMaxappendsize(MAX_APPEND_SIZE);
    return response.setError(
      statusMessage(
        status.INVALID_ARGUMENT,
        'MaximumAppendSizeExceeded',
        details,
        'MaximumAppendSizeExceeded',
      ),
    );
  }
  if (log.refuseAppends?.(streamName) === true) {
    const unknown = new sharedPb.Unknown();
    return response.setError(
      statusMessage(status.UNAVAILABLE, 'Connection dropped (test fault)', unknown, 'Unknown'),
    );
  }
  const outcome = log.append(streamName, expectation, checked.events);
  if (outcome.kind === 'wrong_expected_version') {
    const details = new WrongExpectedVersion();
    if (outcome.currentRevision === -1) details.setCurrentNoStream(new emptyPb.Empty());
    else details.setCurrentStreamRevision(String(outcome.currentRevision));
    if (expectation.kind === 'any') details.setExpectedAny(new emptyPb.Empty());
    if (expectation.kind === 'stream_exists') details.setExpectedStreamExists(new emptyPb.Empty());
    if (expectation.kind === 'revision' && expectation.revision === -1)
      details.setExpectedNoStream(new emptyPb.Empty());
    else if (expectation.kind === 'revision') details.setExpectedStreamPosition(String(expectation.revision));
    return response.setError(
      // As the server's Google.Rpc.Status.WrongExpectedVersion: ALREADY_EXISTS, details packed.
      statusMessage(status.ALREADY_EXISTS, 'WrongExpectedVersion', details, 'WrongExpectedVersion'),
    );
  }
  const success = new BatchAppendRespClass.Success();
  if (outcome.currentRevision === -1) success.setNoStream(new emptyPb.Empty());
  else success.setCurrentRevision(String(outcome.currentRevision));
  const position = String(outcome.position);
  success.setPosition(new AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
  return response.setSuccess(success);
}

function batchExpectation(options: BatchAppendReq.Options): Expectation {
  switch (options.getExpectedStreamPositionCase()) {
    case BATCH_POSITION.STREAM_POSITION:
      return { kind: 'revision', revision: Number(options.getStreamPosition()) };
    case BATCH_POSITION.NO_STREAM:
      return { kind: 'revision', revision: -1 };
    case BATCH_POSITION.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case BATCH_POSITION.ANY:
    case BATCH_POSITION.EXPECTED_STREAM_POSITION_NOT_SET:
    default:
      return { kind: 'any' };
  }
}

/** A `google.rpc.Status` whose details are an `Any` named `event_store.client.<name>`. */
function statusMessage(
  code: status,
  message: string,
  details: { serializeBinary(): Uint8Array },
  name: string,
): InstanceType<typeof statusPb.Status> {
  const packed = new anyPb.Any();
  packed.pack(details.serializeBinary(), `event_store.client.${name}`);
  return new statusPb.Status()
    .setCode(code as number)
    .setMessage(message)
    .setDetails(packed);
}
