import { describe, expect, it } from 'vitest';
import { BusErrorCode } from './errors.ts';
import { natsAccountsConfig, parseNatsUsers } from './natsAccountsConfig.ts';
import { natsPermissions } from './natsPermissions.ts';
import type { BusRole } from './natsPermissions.ts';
import { natsServerConfig, passwordVariable } from './natsServerConfig.ts';

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

const mayPublish = (role: BusRole, subject: string, user: string = role): boolean => {
  const { publish } = natsPermissions({ user, role });
  return (
    publish.allow.some((pattern) => matches(pattern, subject)) &&
    !(publish.deny ?? []).some((pattern) => matches(pattern, subject))
  );
};
const maySubscribe = (role: BusRole, subject: string, user: string = role): boolean =>
  natsPermissions({ user, role }).subscribe.allow.some((pattern) => matches(pattern, subject));
const roles: BusRole[] = ['emitter', 'ingest', 'worker', 'release', 'admin'];

describe('natsPermissions', () => {
  it('lets only an emitter publish events, and only under its own name', () => {
    expect(roles.map((role) => mayPublish(role, 'shiplog.events.ci.service.deployed', 'ci'))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(mayPublish('emitter', 'shiplog.events.cd.service.deployed', 'ci')).toBe(false);
    expect(mayPublish('emitter', 'shiplog.events.service.deployed', 'ci')).toBe(false);
  });

  it('lets each user read only its own inbox and answers (admin reads all)', () => {
    for (const role of roles.filter((r) => r !== 'admin')) {
      expect(maySubscribe(role, '_INBOX.ci.abc.1', 'ci'), role).toBe(true);
      expect(maySubscribe(role, '_INBOX.cd.abc.1', 'ci'), role).toBe(false);
      expect(maySubscribe(role, '_INBOX.abc', 'ci'), role).toBe(false);
      expect(maySubscribe(role, 'shiplog.answers.cd.aWQ.r', 'ci'), role).toBe(false);
    }
    expect(maySubscribe('emitter', 'shiplog.answers.ci.aWQ.r', 'ci')).toBe(true);
    expect(mayPublish('emitter', '$JS.API.DIRECT.GET.shiplog-answers.shiplog.answers.ci.aWQ.*', 'ci')).toBe(
      true,
    );
    expect(mayPublish('emitter', '$JS.API.DIRECT.GET.shiplog-answers.shiplog.answers.cd.aWQ.*', 'ci')).toBe(
      false,
    );
    expect(mayPublish('emitter', '$JS.API.DIRECT.GET.shiplog-answers', 'ci')).toBe(false);
    expect(mayPublish('emitter', '$JS.API.STREAM.MSG.GET.shiplog-answers', 'ci')).toBe(false);
    expect(maySubscribe('admin', '_INBOX.ci.abc')).toBe(true);
  });

  it('lets only the release runner, ingest and admin issue jobs', () => {
    expect(roles.map((role) => mayPublish(role, 'shiplog.jobs.build.linux-x64'))).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
    expect(mayPublish('worker', 'shiplog.jobs.sign.any')).toBe(false);
    expect(mayPublish('release', '$JS.API.STREAM.INFO.shiplog-jobs-sign')).toBe(true);
    expect(mayPublish('release', '$JS.API.CONSUMER.MSG.NEXT.shiplog-jobs-build.jobs-any')).toBe(false);
  });

  it('gives emitters no JetStream administration, acks or jobs', () => {
    for (const subject of [
      '$JS.API.STREAM.CREATE.shiplog-events',
      '$JS.API.STREAM.DELETE.shiplog-events',
      '$JS.API.CONSUMER.MSG.NEXT.shiplog-events.ingest',
      '$JS.ACK.shiplog-events.ingest.1.1.1.1.0',
      'shiplog.answers.emitter.ZXZ0._',
      'shiplog.rejected',
    ]) {
      expect(mayPublish('emitter', subject), subject).toBe(false);
    }
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
    const permissions = natsPermissions(
      { user: 'w1', role: 'worker' },
      { namespace: 'acme', jobQueues: ['build'] },
    );
    expect(permissions.publish.allow).toContain('$JS.API.CONSUMER.MSG.NEXT.acme-jobs-build.>');
    expect(permissions.publish.allow.some((pattern) => pattern.includes('shiplog'))).toBe(false);
  });
});

describe('natsAccountsConfig and natsServerConfig', () => {
  it('writes one account with JetStream and one user per entry, with its own permissions', () => {
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
    expect(config).toContain(JSON.stringify(natsPermissions({ user: 'ci', role: 'emitter' })));
  });

  it('takes each password from a variable named after its user', () => {
    const config = natsServerConfig({ users: [{ user: 'ci-web', role: 'emitter' }] });
    expect(passwordVariable('ci-web')).toBe('SHIPLOG_NATS_CI_WEB_PASSWORD');
    expect(config).toContain('"password":$SHIPLOG_NATS_CI_WEB_PASSWORD,');
  });

  it('refuses users listed twice, bad names, unknown roles and shared password variables', () => {
    const bad = (run: () => unknown) =>
      expect(run).toThrow(expect.objectContaining({ code: BusErrorCode.InvalidArgument }));
    bad(() =>
      parseNatsUsers([
        { user: 'ci', role: 'emitter' },
        { user: 'ci', role: 'worker' },
      ]),
    );
    bad(() => parseNatsUsers([{ user: 'CI.x', role: 'emitter' }]));
    bad(() => parseNatsUsers([{ user: 'ci', role: 'root' }]));
    bad(() => parseNatsUsers({ user: 'ci', role: 'emitter' }));
    bad(() =>
      natsServerConfig({
        users: [
          { user: 'ci-web', role: 'emitter' },
          { user: 'ci_web', role: 'emitter' },
        ],
      }),
    );
    expect(parseNatsUsers([{ user: 'ci', role: 'emitter' }])).toEqual([{ user: 'ci', role: 'emitter' }]);
  });
});
