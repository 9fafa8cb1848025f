import { describe, expect, it } from 'vitest';
import { natsAccountsConfig, natsPermissions } from './natsPermissions.ts';
import type { BusRole } from './natsPermissions.ts';

/** NATS subject matching: `*` is one token, `>` the rest (one or more tokens). */
function matches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  for (const [index, token] of want.entries()) {
    if (token === '>') return have.length > index;
    if (have[index] === undefined || (token !== '*' && token !== have[index])) return false;
  }
  return want.length === have.length;
}

const mayPublish = (role: BusRole, subject: string): boolean =>
  natsPermissions(role).publish.allow.some((pattern) => matches(pattern, subject));

describe('natsPermissions', () => {
  it('lets only emitters (and admins) publish events', () => {
    const subject = 'shiplog.events.dev.cdevents.service.deployed.0.3.0';
    expect(
      (['emitter', 'ingest', 'worker', 'admin'] as const).map((role) => mayPublish(role, subject)),
    ).toEqual([true, false, false, true]);
  });

  it('gives emitters no JetStream administration, acks or jobs', () => {
    for (const subject of [
      '$JS.API.STREAM.CREATE.shiplog-events',
      '$JS.API.STREAM.DELETE.shiplog-events',
      '$JS.API.CONSUMER.MSG.NEXT.shiplog-events.ingest',
      '$JS.ACK.shiplog-events.ingest.1.1.1.1.0',
      'shiplog.jobs.build.linux-x64',
      'shiplog.answers.ZXZ0',
      'shiplog.rejected',
    ]) {
      expect(mayPublish('emitter', subject)).toBe(false);
    }
    expect(mayPublish('emitter', '$JS.API.STREAM.MSG.GET.shiplog-answers')).toBe(true);
  });

  it('lets workers pull and ack job streams only, and never delete streams', () => {
    expect(mayPublish('worker', '$JS.API.CONSUMER.MSG.NEXT.shiplog-jobs-build.jobs-linux-x64')).toBe(true);
    expect(mayPublish('worker', '$JS.ACK.shiplog-jobs-build.jobs-linux-x64.1.5.5.1.0')).toBe(true);
    expect(mayPublish('worker', '$JS.API.CONSUMER.MSG.NEXT.shiplog-events.ingest')).toBe(false);
    expect(mayPublish('worker', '$JS.API.STREAM.DELETE.shiplog-jobs-build')).toBe(false);
    expect(mayPublish('ingest', '$JS.API.STREAM.DELETE.shiplog-events')).toBe(false);
    expect(mayPublish('ingest', '$JS.API.STREAM.PURGE.shiplog-events')).toBe(false);
  });

  it('follows the topology namespace and job queues', () => {
    const permissions = natsPermissions('worker', { namespace: 'acme', jobQueues: ['build'] });
    expect(permissions.publish.allow).toContain('$JS.API.CONSUMER.MSG.NEXT.acme-jobs-build.>');
    expect(permissions.publish.allow.some((pattern) => pattern.includes('shiplog'))).toBe(false);
  });

  it('writes one account with JetStream and one user per entry', () => {
    const config = natsAccountsConfig(
      [
        { user: 'ci', password: 'p1', role: 'emitter' },
        { user: 'ingest', password: 'p2', role: 'ingest' },
      ],
      { account: 'ACME' },
    );
    expect(config).toContain('"ACME" {');
    expect(config).toContain('jetstream: enabled');
    expect(config.match(/"user":/g)).toHaveLength(2);
    expect(config).toContain(JSON.stringify(natsPermissions('emitter')));
  });
});
