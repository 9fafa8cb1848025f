import { connect, errors } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxPrefix } from '../identity.ts';
import { natsAccountsConfig } from '../natsAccountsConfig.ts';
import type { NatsUserRole } from '../natsPermissions.ts';
import { createNatsBus } from './natsBus.ts';
import { natsTestUsers as users } from '../testing/natsTestUsers.ts';

// Every user of the generated configuration against every subject it must not read or write,
// checked by the real nats-server (the same function writes deploy/nats/shiplog.conf).
const ns = 'mx';
const other = (user: string): string => (user === 'ci' ? 'cd' : 'ci');

/** What no user but admin may subscribe to: everyone's inboxes and answers, another user's own. */
function forbiddenSubscriptions(user: string): string[] {
  return [
    '>',
    '_INBOX.>',
    `${inboxPrefix(other(user))}.>`,
    `${ns}.answers.>`,
    `${ns}.answers.*.>`,
    `${ns}.answers.${other(user)}.>`,
    `${ns}.events.>`,
    `${ns}.jobs.>`,
    `${ns}.rejected`,
  ];
}

/** What no user may publish: events under another user's name (or none), and reads of any answer. */
function forbiddenPublishes(entry: NatsUserRole): string[] {
  const subjects = [
    `${ns}.events.${other(entry.user)}.build.finished`,
    `${ns}.events._.build.finished`,
    `${ns}.events.build.finished`,
  ];
  if (entry.role === 'admin') return subjects;
  subjects.push(
    `$JS.API.STREAM.MSG.GET.${ns}-answers`,
    `$JS.API.DIRECT.GET.${ns}-answers`,
    `$JS.API.DIRECT.GET.${ns}-answers.${ns}.answers.${other(entry.user)}.aWQ.*`,
    `$JS.API.DIRECT.GET.${ns}-answers.${ns}.answers.*.aWQ.*`,
    `$JS.API.STREAM.DELETE.${ns}-events`,
    `$JS.API.STREAM.PURGE.${ns}-events`,
    `$JS.API.STREAM.MSG.DELETE.${ns}-events`,
    `$JS.API.CONSUMER.DELETE.${ns}-events.ingest`,
  );
  // Only ingest answers.
  if (entry.role !== 'ingest') subjects.push(`${ns}.answers.${other(entry.user)}.aWQ._`);
  if (entry.role !== 'ingest' && entry.role !== 'release') {
    subjects.push(`${ns}.jobs.build.any`, `${ns}.jobs.sign.any`, `${ns}.jobs.sbom.any`);
  }
  if (entry.role === 'emitter') {
    subjects.push(
      `${ns}.answers.${entry.user}.aWQ._`, // forging its own answer
      `${ns}.rejected`,
      `$JS.API.STREAM.MSG.GET.${ns}-rejected`,
      `$JS.API.CONSUMER.MSG.NEXT.${ns}-events.ingest`,
      `$JS.API.STREAM.CREATE.${ns}-events`,
    );
  }
  if (entry.role !== 'emitter') subjects.push(`${ns}.events.${entry.user}.build.finished`);
  return subjects;
}

let server: NatsServer;
beforeAll(async () => {
  const config = natsAccountsConfig(
    users.map((entry) => ({ ...entry, password: `${entry.user}-pw` })),
    { topology: { namespace: ns } },
  );
  server = await startNatsServer({ jetstream: true, config });
  const admin = await createNatsBus({
    servers: server.url,
    user: 'admin',
    password: 'admin-pw',
    topology: { namespace: ns },
  });
  await admin.ensureTopology();
  await admin.close();
});
afterAll(async () => {
  await server?.dispose();
});

async function raw(user: string): Promise<NatsConnection> {
  return await connect({ servers: server.url, user, pass: `${user}-pw`, inboxPrefix: inboxPrefix(user) });
}

/** The server's answer to a subscription: the permission violation it closed it with, if any. */
async function subscribeOutcome(nc: NatsConnection, subject: string): Promise<Error | undefined> {
  const sub = nc.subscribe(subject);
  await nc.flush();
  const closed = await Promise.race([
    sub.closed,
    new Promise<'open'>((r) => setTimeout(() => r('open'), 500)),
  ]);
  if (!sub.isClosed()) sub.unsubscribe();
  return closed instanceof Error ? closed : undefined;
}

/** The server's answer to a publish (sent as a request so an error comes back to this call). */
async function publishOutcome(nc: NatsConnection, subject: string): Promise<unknown> {
  try {
    await nc.request(subject, new TextEncoder().encode('{}'), { timeout: 1_000 });
    return undefined;
  } catch (err) {
    return err;
  }
}

const isViolation = (operation: string, subject: string) =>
  expect.objectContaining({
    cause: expect.objectContaining({ operation, subject }) as unknown,
  }) as unknown;

describe.each(users)('NATS user $user ($role)', (entry) => {
  it('may not subscribe to anything it must not read', async () => {
    const nc = await raw(entry.user);
    try {
      for (const subject of entry.role === 'admin' ? [] : forbiddenSubscriptions(entry.user)) {
        const outcome = await subscribeOutcome(nc, subject);
        expect(outcome, `subscribe ${subject}`).toBeInstanceOf(errors.PermissionViolationError);
      }
      // Its own inbox is its own; an emitter's answers too; admin reads everything.
      expect(await subscribeOutcome(nc, `${inboxPrefix(entry.user)}.x.>`)).toBeUndefined();
      if (entry.role === 'emitter')
        expect(await subscribeOutcome(nc, `${ns}.answers.${entry.user}.*.r`)).toBeUndefined();
      if (entry.role === 'admin') expect(await subscribeOutcome(nc, '_INBOX.>')).toBeUndefined();
    } finally {
      await nc.close();
    }
  });

  it('may not publish anything it must not write', async () => {
    const nc = await raw(entry.user);
    try {
      for (const subject of forbiddenPublishes(entry)) {
        const outcome = await publishOutcome(nc, subject);
        expect(outcome, `publish ${subject}`).toEqual(isViolation('publish', subject));
      }
    } finally {
      await nc.close();
    }
  });
});
