import { pino } from 'pino';
import type { Logger } from 'pino';

/** The root logger of a shiplog process: JSON on stderr, secrets redacted. Only main modules call it. */
export function createLogger(service: string, level: string): Logger {
  return pino(
    {
      level,
      base: { service, version: '0.1.0' },
      redact: {
        paths: [
          'password',
          'token',
          'identityToken',
          '*.password',
          '*.token',
          '*.identityToken',
          'authorization',
          '*.authorization',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
