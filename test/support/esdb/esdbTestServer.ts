import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall, UntypedHandleCall } from '@grpc/grpc-js';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import { appendHandler } from './appendHandler.ts';
import { batchAppendHandler } from './batchAppendHandler.ts';
import { serverError } from './grpcMessages.ts';
import { MemoryLog } from './memoryLog.ts';
import { readHandler } from './readHandler.ts';

export interface EsdbTestServerOptions {
  /** How many recent event ids ANY/STREAM_EXISTS appends are checked against (EventStoreDB's bounded cache). */
  readonly recentIdLimit?: number;
}

export interface EsdbTestServer {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly url: string;
  readonly port: number;
  /** The stored log, for test hooks such as `tamper`. */
  readonly log: MemoryLog;
  stop(): Promise<void>;
}

/** The version this server claims; the 6.x client only logs it. */
const SERVER_VERSION = '23.10.0';

/**
 * A wire-compatible EventStoreDB for tests: the real gRPC service definitions shipped with
 * `@eventstore/db-client`, served by `@grpc/grpc-js` over plain HTTP/2 on a random port, with an
 * in-memory log. Supports what shiplog and the 6.x client use: append and batch append with every
 * expected-revision kind, stream and `$all` reads, catch-up subscriptions with filters, link
 * resolution, stream metadata. Delete and tombstone answer UNIMPLEMENTED.
 */
export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const log = new MemoryLog(options.recentIdLimit ?? 10_000);
  const server = new Server();
  const unimplemented: UntypedHandleCall = (_call: unknown, callback: sendUnaryData<never>) =>
    callback(serverError(status.UNIMPLEMENTED, 'Not supported by the test server', {}));
  server.addService(streamsGrpc.StreamsService, {
    read: readHandler(log),
    append: appendHandler(log),
    batchAppend: batchAppendHandler(log),
    delete: unimplemented,
    tombstone: unimplemented,
  });
  server.addService(serverFeaturesGrpc.ServerFeaturesService, {
    getSupportedMethods: (
      _call: ServerUnaryCall<unknown, SupportedMethods>,
      callback: sendUnaryData<SupportedMethods>,
    ) => callback(null, supportedMethods()),
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        // Subscriptions never end on their own: cancel them instead of waiting.
        server.forceShutdown();
        resolve();
      }),
  };
}

function supportedMethods(): SupportedMethods {
  const methods = new serverFeaturesPb.SupportedMethods().setEventStoreServerVersion(SERVER_VERSION);
  const streams = 'event_store.client.streams.streams';
  for (const name of ['read', 'append', 'batchappend']) {
    methods.addMethods(new serverFeaturesPb.SupportedMethod().setServiceName(streams).setMethodName(name));
  }
  methods.addMethods(
    new serverFeaturesPb.SupportedMethod()
      .setServiceName('event_store.client.server_features.serverfeatures')
      .setMethodName('getsupportedmethods'),
  );
  return methods;
}
