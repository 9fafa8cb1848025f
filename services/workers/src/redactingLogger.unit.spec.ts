import { createRedactor } from '@shiplog/registries';
import { describe, expect, it } from 'vitest';
import { redactingLogger } from './redactingLogger.ts';
import type { WorkerLogger } from './workerContext.ts';

function recording(lines: unknown[]): WorkerLogger {
  const logger: WorkerLogger = {
    info: (fields, message) => void lines.push({ fields, message }),
    warn: (fields, message) => void lines.push({ fields, message }),
    error: (fields, message) => void lines.push({ fields, message }),
    child: (bindings) => {
      const child = recording(lines);
      return { ...child, error: (fields, message) => child.error({ ...bindings, ...fields }, message) };
    },
  };
  return logger;
}

describe('redactingLogger', () => {
  it('redacts a credential from messages, fields, errors and child bindings', () => {
    const lines: unknown[] = [];
    const secrets = createRedactor('npm_tok3n_abcdef');
    const logger = redactingLogger(recording(lines), secrets).child({ registry: 'x npm_tok3n_abcdef' });
    logger.error(
      { err: new Error('401: Bearer npm_tok3n_abcdef'), code: 'REGISTRY_AUTH_FAILED' },
      'npm_tok3n_abcdef',
    );
    const text = JSON.stringify(lines);
    expect(text).not.toContain('npm_tok3n_abcdef');
    expect(text).toContain('401: Bearer [REDACTED]');
    expect(text).toContain('REGISTRY_AUTH_FAILED');
  });
});
