export { ConfigError, natsOptionsOf, parseShiplogConfig, shiplogEnvSchema } from './shiplogConfig.ts';
export type { ShiplogConfig } from './shiplogConfig.ts';
export { readConfigFile, readGatePolicy } from './configFiles.ts';
export { createLogger } from './createLogger.ts';
export { stopSignal } from './stopSignal.ts';
