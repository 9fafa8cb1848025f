import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { BusErrorCode } from '../errors.ts';
import { createNatsBus } from './natsBus.ts';

const servers: NatsServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.allSettled(servers.map((server) => server.dispose()));
  await Promise.allSettled(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function serverWith(config: string): Promise<NatsServer> {
  const server = await startNatsServer({ config });
  servers.push(server);
  return server;
}

describe('NATS credentials', () => {
  it('connects with a token and refuses a wrong one', async () => {
    const server = await serverWith('authorization { token: "t0ken-for-shiplog" }\n');
    const bus = await createNatsBus({ servers: server.url, token: 't0ken-for-shiplog' });
    await bus.close();
    await expect(createNatsBus({ servers: server.url, token: 'wrong' })).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
  });

  it('connects with an nkey seed file and refuses another key', async () => {
    const user = nkeys.createUser();
    const server = await serverWith(`authorization { users: [ { nkey: "${user.getPublicKey()}" } ] }\n`);
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-nkey-'));
    dirs.push(dir);
    const seedFile = join(dir, 'user.nk');
    await writeFile(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`, { mode: 0o600 });
    const bus = await createNatsBus({ servers: server.url, nkeyFile: seedFile });
    await bus.close();

    const stranger = join(dir, 'stranger.nk');
    await writeFile(stranger, new TextDecoder().decode(nkeys.createUser().getSeed()), { mode: 0o600 });
    await expect(createNatsBus({ servers: server.url, nkeyFile: stranger })).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
  });

  it('reports a missing credentials file as BUS_INVALID_ARGUMENT', async () => {
    const server = await serverWith('authorization { token: "x" }\n');
    await expect(
      createNatsBus({ servers: server.url, credsFile: '/nonexistent/shiplog.creds' }),
    ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
  });

  it('reports a file that holds no nkey seed as BUS_INVALID_ARGUMENT', async () => {
    const server = await serverWith('authorization { token: "x" }\n');
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-nkey-'));
    dirs.push(dir);
    const garbage = join(dir, 'garbage.nk');
    await writeFile(garbage, 'not a seed\n');
    await expect(createNatsBus({ servers: server.url, nkeyFile: garbage })).rejects.toMatchObject({
      code: BusErrorCode.InvalidArgument,
    });
  });
});
