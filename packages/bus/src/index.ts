export { AnswerTimeoutError, BusError, BusErrorCode } from './errors.ts';
export { MemoryBroker } from './memory/memoryBroker.ts';
export { createMemoryBus } from './memory/memoryBus.ts';
export { createNatsBus } from './nats/natsBus.ts';
export { ANONYMOUS, natsProducer } from './identity.ts';
export { natsAccountsConfig, parseNatsUsers } from './natsAccountsConfig.ts';
export { busRoles, natsPermissions } from './natsPermissions.ts';
export { natsServerConfig, passwordVariable } from './natsServerConfig.ts';
export {
  ANSWER_ROUTE_HEADER,
  answerFilter,
  answerRoute,
  answerSubject,
  jobStream,
  jobSubject,
  NO_ROUTE,
  resolveTopology,
} from './topology.ts';
export type {
  AnsweredPublish,
  AnswerTo,
  Bus,
  BusHeaders,
  ConsumeJobsOptions,
  ConsumeOptions,
  Consumption,
  DeliveredMessage,
  EnqueueJobOptions,
  MessageHandler,
  PublishAck,
  PublishOptions,
  RejectedEntry,
  RequestAnswerOptions,
} from './bus.ts';
export type { BusLogger } from './busLogger.ts';
export type { MemoryBusOptions } from './memory/memoryBus.ts';
export type { NatsBusOptions } from './nats/natsBus.ts';
export type { NatsConnectionOptions } from './nats/natsConnection.ts';
export type { BusRole, NatsPermissions, NatsUser, NatsUserRole } from './natsPermissions.ts';
export type { NatsServerConfigOptions } from './natsServerConfig.ts';
export type { Topology, TopologyOptions } from './topology.ts';
