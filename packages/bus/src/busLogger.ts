/** The part of a pino logger the bus uses; pass the service's logger (the bus calls `.child()`). */
export interface BusLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): BusLogger;
}

/** Used when no logger is given. */
export const silentLogger: BusLogger = {
  warn() {},
  child() {
    return silentLogger;
  },
};
