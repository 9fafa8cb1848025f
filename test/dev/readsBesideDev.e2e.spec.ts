import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { spawnDev, summaryOf } from './devProcess.ts';
import type { DevProcess } from './devProcess.ts';

const pipeline = resolve(import.meta.dirname, '../../examples/checkout-pipeline.ndjson');
let dir: string;
let dev: DevProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-reads-'));
});
afterEach(async () => {
  await dev?.stop('SIGKILL');
  dev = undefined;
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => shiplog(args, { cwd: dir });

describe('read commands beside each other and beside shiplog dev', () => {
  it('answers read commands run at once in separate processes, on fresh read models too', async () => {
    expect((await run(['emit', pipeline])).code).toBe(0);
    for (let round = 0; round < 3; round++) {
      // Round 0 finds no read models: every process creates the schema and catches up at once.
      const runs = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          run(
            i % 2 === 0 ? ['deployed', '--env', 'production', '--json'] : ['history', '--env', 'production'],
          ),
        ),
      );
      for (const r of runs) {
        expect(r.stderr).not.toContain('locked');
        expect(r.code).toBe(0);
      }
    }
  });

  it('tells what to do when replay meets a running shiplog dev, and replays once it stopped', async () => {
    expect((await run(['emit', pipeline])).code).toBe(0);
    dev = spawnDev(['--json', '--port', '0'], dir);
    await summaryOf(dev);
    const busy = await run(['replay']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).not.toMatch(/^shiplog replay: database is locked$/m);
    expect(busy.stderr).toContain('another shiplog process (shiplog dev or shiplog serve api) has');
    expect(busy.stderr).toContain('stop it, run shiplog replay, then start it again');
    // Reads go on meanwhile.
    expect((await run(['deployed', '--env', 'production'])).code).toBe(0);
    await dev.stop('SIGINT');
    dev = undefined;
    expect((await run(['replay'])).code).toBe(0);
  });
});
