import { describe, expect, it } from 'vitest';
import { BusErrorCode } from './errors.ts';
import { ANONYMOUS, natsProducer, senderOf, senderToken } from './identity.ts';
import { resolveTopology } from './topology.ts';

const topology = resolveTopology();

describe('the sender an event subject names', () => {
  it('records nats:<user> for the user token, and nats for the anonymous one', () => {
    expect(natsProducer(topology, 'shiplog.events.ci.service.deployed')).toBe('nats:ci');
    expect(natsProducer(topology, 'shiplog.events.ci-web_2.shiplog-approval.granted.extra')).toBe(
      'nats:ci-web_2',
    );
    expect(natsProducer(topology, `shiplog.events.${ANONYMOUS}.service.deployed`)).toBe('nats');
  });

  it('names no sender for any other subject, so no name is made up', () => {
    for (const subject of [
      'shiplog.events.service.deployed', // the subject scheme before identities: two tokens only
      'shiplog.events.ci.deployed',
      'shiplog.events.CI.service.deployed',
      'shiplog.events.nats:ci.service.deployed',
      'shiplog.events..service.deployed',
      'shiplog.answers.ci.service.deployed',
      'other.events.ci.service.deployed',
    ]) {
      expect(senderOf(topology, subject), subject).toBeUndefined();
      expect(natsProducer(topology, subject), subject).toBeUndefined();
    }
  });

  it('follows the namespace', () => {
    expect(natsProducer(resolveTopology({ namespace: 'acme' }), 'acme.events.ci.a.b')).toBe('nats:ci');
    expect(natsProducer(resolveTopology({ namespace: 'acme' }), 'shiplog.events.ci.a.b')).toBeUndefined();
  });

  it('refuses a user name that cannot be one subject token', () => {
    expect(senderToken(undefined)).toBe(ANONYMOUS);
    for (const user of ['', 'a.b', 'ci>', 'a*', 'Admin', '_', 'x'.repeat(65)])
      expect(() => senderToken(user), user).toThrow(
        expect.objectContaining({ code: BusErrorCode.InvalidArgument }),
      );
  });
});
