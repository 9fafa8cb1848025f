import { describe, expect, it } from 'vitest';
import { BusErrorCode } from '../errors.ts';
import { connectNats, redactServerUrl } from './natsConnection.ts';

describe('redactServerUrl', () => {
  it('masks credentials in a server URL and leaves others alone', () => {
    expect(redactServerUrl('nats://ingest:s3cret@nats.internal:4222')).toBe('nats://***@nats.internal:4222');
    expect(redactServerUrl('tls://token@nats:4222')).toBe('tls://***@nats:4222');
    expect(redactServerUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});

describe('connectNats', () => {
  it('refuses two kinds of credentials before connecting', async () => {
    await expect(
      connectNats({ servers: 'nats://127.0.0.1:1', token: 't', nkeyFile: '/x' }),
    ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
  });
});
