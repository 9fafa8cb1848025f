export { describeBusContract } from './busContract.ts';
export type { BusHarness, OpenBus } from './contract/contractContext.ts';
export { natsTestUsers } from './natsTestUsers.ts';
export { natsTestServerConfig } from './natsTestServerConfig.ts';
