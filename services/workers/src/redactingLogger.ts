import type { Redactor } from '@shiplog/registries';
import type { WorkerLogger } from './workerContext.ts';

/** `logger` with every known secret redacted from each message and field (errors included). */
export function redactingLogger(logger: WorkerLogger, secrets: Redactor): WorkerLogger {
  const line =
    (write: (fields: object, message: string) => void) =>
    (fields: object, message: string): void =>
      write(secrets.redactValue(fields), secrets.redact(message));
  return {
    info: line((f, m) => logger.info(f, m)),
    warn: line((f, m) => logger.warn(f, m)),
    error: line((f, m) => logger.error(f, m)),
    child: (bindings) => redactingLogger(logger.child(secrets.redactValue(bindings)), secrets),
  };
}
