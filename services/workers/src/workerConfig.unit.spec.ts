import { describe, expect, it } from 'vitest';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import { parseWorkerConfig } from './workerConfig.ts';

describe('parseWorkerConfig', () => {
  it('fills defaults and reads platform lists', () => {
    const config = parseWorkerConfig({
      SHIPLOG_NATS_URL: 'nats://127.0.0.1:4222',
      SHIPLOG_WORKER_PLATFORMS: 'any, linux-x64',
    });
    expect(config.SHIPLOG_WORKER_PLATFORMS).toEqual(['any', 'linux-x64']);
    expect(config.SHIPLOG_WORKER_ACK_WAIT_MS).toBe(30_000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable at once', () => {
    try {
      parseWorkerConfig({
        SHIPLOG_WORKER_ACK_WAIT_MS: '5',
        SHIPLOG_STORE: 'mysql://x',
        SHIPLOG_WORKER_PLATFORMS: 'Linux X64',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WorkerError);
      expect((err as WorkerError).code).toBe(WorkerErrorCode.ConfigInvalid);
      for (const name of [
        'SHIPLOG_NATS_URL',
        'SHIPLOG_WORKER_ACK_WAIT_MS',
        'SHIPLOG_STORE',
        'SHIPLOG_WORKER_PLATFORMS',
      ]) {
        expect((err as WorkerError).message).toContain(name);
      }
    }
  });

  it('takes an OCI repository for the artifact store, and refuses a URL without one', () => {
    const config = parseWorkerConfig({
      SHIPLOG_NATS_URL: 'nats://x',
      SHIPLOG_ARTIFACTS_OCI: 'http://127.0.0.1:5000/shiplog/artifacts',
    });
    expect(config.SHIPLOG_ARTIFACTS_OCI).toBe('http://127.0.0.1:5000/shiplog/artifacts');
    expect(() =>
      parseWorkerConfig({ SHIPLOG_NATS_URL: 'nats://x', SHIPLOG_ARTIFACTS_OCI: 'http://127.0.0.1:5000' }),
    ).toThrow(/SHIPLOG_ARTIFACTS_OCI/);
  });

  it('refuses a signing key without its hint', () => {
    expect(() =>
      parseWorkerConfig({ SHIPLOG_NATS_URL: 'nats://x', SHIPLOG_SIGNING_KEY_FILE: 'key.pem' }),
    ).toThrow(WorkerError);
  });
});
