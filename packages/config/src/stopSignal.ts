/**
 * Resolves on the first SIGINT or SIGTERM. Call it before starting a service: a stop asked for
 * during start-up then stops the service once it is up, instead of killing it mid-way.
 */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
