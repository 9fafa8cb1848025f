import { describe, expect, it } from 'vitest';
import { ConfigError, natsOptionsOf, parseShiplogConfig } from './shiplogConfig.ts';

describe('SHIPLOG_NATS_REPLICAS', () => {
  it('gives every stream one copy unless set, and the number set otherwise', () => {
    const url = { SHIPLOG_NATS_URL: 'nats://127.0.0.1:4222' };
    expect(natsOptionsOf(parseShiplogConfig(url), 'x')?.topology?.replicas).toBe(1);
    const three = parseShiplogConfig({ ...url, SHIPLOG_NATS_REPLICAS: '3' });
    expect(natsOptionsOf(three, 'x')?.topology).toEqual({ namespace: 'shiplog', replicas: 3 });
  });

  it.each(['0', '6', '2.5', 'three'])('refuses %s, naming the variable and what it takes', (value) => {
    const parse = () => parseShiplogConfig({ SHIPLOG_NATS_REPLICAS: value });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/SHIPLOG_NATS_REPLICAS: .*(1, 3 or 5|whole number|number)/);
  });
});
