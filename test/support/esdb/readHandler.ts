import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { ServerWritableStream } from '@grpc/grpc-js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { recordedEventMessage, serverError, streamIdentifier, streamNameOf } from './grpcMessages.ts';
import type { MemoryLog, StoredEvent } from './memoryLog.ts';

const { ReadResp: ReadRespClass } = streamsPb;
const Options = streamsPb.ReadReq.Options;
const { Empty } = sharedPb;

type Call = ServerWritableStream<ReadReq, ReadResp>;

/** How EventStoreDB batches filtered-subscription checkpoints when no window is given. */
const DEFAULT_SEARCH_WINDOW = 32;

interface ReadSettings {
  readonly structuredIds: boolean;
  readonly resolveLinks: boolean;
  readonly forwards: boolean;
  readonly count: number;
  readonly matches: (event: StoredEvent) => boolean;
  /** Emit a checkpoint after this many scanned events (filtered subscriptions only). */
  readonly checkpointEvery: number | undefined;
}

/**
 * `Streams/Read`: stream and `$all` reads (forwards/backwards, from a revision or position, with a
 * count) and catch-up subscriptions (history, then `caughtUp`, then live), with filters on `$all`.
 */
export function readHandler(log: MemoryLog) {
  return (call: Call): void => {
    const options = call.request.getOptions();
    if (options === undefined) {
      call.emit('error', serverError(status.INVALID_ARGUMENT, 'Read options are required', {}));
      return;
    }
    const settings = readSettings(options);
    const subscription = options.getCountOptionCase() === Options.CountOptionCase.SUBSCRIPTION;
    const streamOptions = options.getStream();
    if (streamOptions !== undefined) {
      const name = streamNameOf(streamOptions.getStreamIdentifier());
      if (subscription) subscribeToStream(log, call, settings, name, streamOptions);
      else readStream(log, call, settings, name, streamOptions);
      return;
    }
    const allOptions = options.getAll();
    if (allOptions === undefined) {
      call.emit('error', serverError(status.INVALID_ARGUMENT, 'Read needs a stream or $all', {}));
      return;
    }
    if (subscription) subscribeToAll(log, call, settings, allOptions);
    else readAll(log, call, settings, allOptions);
  };
}

function readSettings(options: ReadReq.Options): ReadSettings {
  const filter = options.getFilter();
  let matches: (event: StoredEvent) => boolean = () => true;
  let checkpointEvery: number | undefined;
  if (filter !== undefined) {
    const onStream = filter.hasStreamIdentifier();
    const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
    const regex = expression?.getRegex() ?? '';
    const prefixes = expression?.getPrefixList() ?? [];
    const pattern = regex === '' ? undefined : new RegExp(regex);
    matches = (event) => {
      const subject = onStream ? event.streamName : event.type;
      if (pattern !== undefined) return pattern.test(subject);
      return prefixes.length === 0 || prefixes.some((prefix) => subject.startsWith(prefix));
    };
    const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
    checkpointEvery = Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier()));
  }
  return {
    structuredIds: options.getUuidOption()?.hasStructured() ?? false,
    resolveLinks: options.getResolveLinks(),
    forwards: options.getReadDirection() === Options.ReadDirection.FORWARDS,
    count: options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER,
    matches,
    checkpointEvery,
  };
}

function readStream(
  log: MemoryLog,
  call: Call,
  settings: ReadSettings,
  name: string,
  options: ReadReq.Options.StreamOptions,
): void {
  const events = log.stream(name);
  if (events === undefined) {
    const notFound = new ReadRespClass.StreamNotFound().setStreamIdentifier(streamIdentifier(name));
    call.write(new ReadRespClass().setStreamNotFound(notFound));
    call.end();
    return;
  }
  const last = events.length - 1;
  const Case = Options.StreamOptions.RevisionOptionCase;
  const revisionCase = options.getRevisionOptionCase();
  let from = 0;
  if (revisionCase === Case.REVISION) from = Number(options.getRevision());
  if (revisionCase === Case.END) from = settings.forwards ? last + 1 : last;
  const now = Date.now();
  const ordered = settings.forwards
    ? events.filter((event) => event.revision >= from)
    : events.filter((event) => event.revision <= from).reverse();
  const visible = ordered.filter((event) => log.isVisible(event, now)).slice(0, settings.count);
  for (const event of visible) call.write(eventResponse(log, event, settings, false));
  call.end();
}

function readAll(
  log: MemoryLog,
  call: Call,
  settings: ReadSettings,
  options: ReadReq.Options.AllOptions,
): void {
  const Case = Options.AllOptions.AllOptionCase;
  const allCase = options.getAllOptionCase();
  const position = Number(options.getPosition()?.getCommitPosition() ?? 0);
  let ordered: StoredEvent[];
  if (settings.forwards) {
    ordered =
      allCase === Case.END
        ? []
        : log.all.filter((event) => allCase !== Case.POSITION || event.position >= position);
  } else {
    ordered =
      allCase === Case.START
        ? []
        : log.all.filter((event) => allCase !== Case.POSITION || event.position < position);
    ordered.reverse();
  }
  const selected = ordered.filter(settings.matches).slice(0, settings.count);
  for (const event of selected) call.write(eventResponse(log, event, settings, true));
  call.end();
}

function subscribeToStream(
  log: MemoryLog,
  call: Call,
  settings: ReadSettings,
  name: string,
  options: ReadReq.Options.StreamOptions,
): void {
  const Case = Options.StreamOptions.RevisionOptionCase;
  const revisionCase = options.getRevisionOptionCase();
  const after =
    revisionCase === Case.REVISION
      ? Number(options.getRevision())
      : revisionCase === Case.END
        ? log.lastRevision(name)
        : -1;
  confirm(call);
  for (const event of log.stream(name) ?? []) {
    if (event.revision > after) call.write(eventResponse(log, event, settings, false));
  }
  call.write(new ReadRespClass().setCaughtUp(new ReadRespClass.CaughtUp()));
  // Registered in the same tick as the history was taken, so no append falls between the two.
  const stop = log.onAppended((event) => {
    if (event.streamName === name) call.write(eventResponse(log, event, settings, false));
  });
  endWith(call, stop);
}

function subscribeToAll(
  log: MemoryLog,
  call: Call,
  settings: ReadSettings,
  options: ReadReq.Options.AllOptions,
): void {
  const Case = Options.AllOptions.AllOptionCase;
  const allCase = options.getAllOptionCase();
  const after =
    allCase === Case.POSITION
      ? Number(options.getPosition()?.getCommitPosition() ?? -1)
      : allCase === Case.END
        ? (log.all.at(-1)?.position ?? -1)
        : -1;
  confirm(call);
  let scanned = 0;
  const deliver = (event: StoredEvent): void => {
    if (settings.matches(event)) call.write(eventResponse(log, event, settings, true));
    scanned += 1;
    if (settings.checkpointEvery !== undefined && scanned % settings.checkpointEvery === 0) {
      const position = String(event.position);
      const checkpoint = new ReadRespClass.Checkpoint()
        .setCommitPosition(position)
        .setPreparePosition(position);
      call.write(new ReadRespClass().setCheckpoint(checkpoint));
    }
  };
  for (const event of log.all) {
    if (event.position > after) deliver(event);
  }
  call.write(new ReadRespClass().setCaughtUp(new ReadRespClass.CaughtUp()));
  const stop = log.onAppended(deliver);
  endWith(call, stop);
}

function confirm(call: Call): void {
  const confirmation = new ReadRespClass.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  call.write(new ReadRespClass().setConfirmation(confirmation));
}

function endWith(call: Call, stop: () => void): void {
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
}

/** A `ReadEvent`; a link (`$>`, data `revision@stream`) is resolved to its target when asked. */
function eventResponse(
  log: MemoryLog,
  event: StoredEvent,
  settings: ReadSettings,
  fromAll: boolean,
): ReadResp {
  const readEvent = new ReadRespClass.ReadEvent();
  const message = recordedEventMessage(event, settings.structuredIds);
  if (settings.resolveLinks && event.type === '$>') {
    // A link whose target is gone comes back as the link alone (ResolvedEvent.ForFailedResolvedLink).
    const target = linkTarget(log, event);
    if (target !== undefined) readEvent.setEvent(recordedEventMessage(target, settings.structuredIds));
    readEvent.setLink(message);
  } else {
    readEvent.setEvent(message);
  }
  if (fromAll) readEvent.setCommitPosition(String(event.position));
  else readEvent.setNoPosition(new Empty());
  return new ReadRespClass().setEvent(readEvent);
}

function linkTarget(log: MemoryLog, link: StoredEvent): StoredEvent | undefined {
  const text = Buffer.from(link.data).toString('utf8');
  const at = text.indexOf('@');
  if (at <= 0) return undefined;
  const revision = Number(text.slice(0, at));
  return Number.isInteger(revision) ? log.event(text.slice(at + 1), revision) : undefined;
}
