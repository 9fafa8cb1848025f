import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

// Two producers that both number their facts "42": CDEvents makes (source, id) unique, not the id.
const digestA = `sha256:${'a'.repeat(64)}`;
const digestB = `sha256:${'b'.repeat(64)}`;
const packaged = (source: string, digest: string, name: string, id = '42') => ({
  context: {
    specversion: '0.5.1',
    id,
    source,
    type: 'dev.cdevents.artifact.packaged.0.3.0',
    timestamp: '2026-03-01T10:00:00Z',
  },
  subject: { id: `pkg:oci/${name}@${digest}?tag=1.0.0`, content: { change: { id: `${name}-PR-1` } } },
});

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-why-shared-'));
  env = { SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}` };
  const events = [packaged('/ci/a', digestA, 'left'), packaged('/ci/b', digestB, 'right')];
  const stdin = events.map((e) => JSON.stringify(e)).join('\n');
  const emitted = await shiplog(['emit', '--json', '-'], { cwd: dir, env, stdin });
  expect(emitted.code, emitted.stderr).toBe(0);
  const only = packaged('/ci/c', digestA, 'left', 'solo');
  expect((await shiplog(['emit', '-'], { cwd: dir, env, stdin: JSON.stringify(only) })).code).toBe(0);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('shiplog why ID when two sources used the id', () => {
  it("shows both sources' events about one artifact as steps of their own, each with its producer", async () => {
    const twice = [packaged('/ci/c', digestA, 'left', 'twice'), packaged('/ci/d', digestA, 'left', 'twice')];
    const stdin = twice.map((e) => JSON.stringify(e)).join('\n');
    expect((await shiplog(['emit', '-'], { cwd: dir, env, stdin })).code).toBe(0);
    const run = await shiplog(['why', digestA, '--json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const [chain] = (
      JSON.parse(run.stdout) as {
        artifacts: { steps: { eventId: string; source: string; producer: string }[] }[];
      }
    ).artifacts;
    const steps = chain?.steps.filter((step) => step.eventId === 'twice') ?? [];
    expect(steps.map((step) => [step.source, step.producer])).toEqual([
      ['/ci/c', 'local'],
      ['/ci/d', 'local'],
    ]);
  });

  it('says so, names both sources, and answers with the chains of both facts', async () => {
    const run = await shiplog(['why', '42', '--json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as {
      matched: string;
      sources?: string[];
      artifacts: { artifact: { digest: string } }[];
    };
    expect(answer.matched).toBe('event');
    expect(answer.sources).toEqual(['/ci/a', '/ci/b']);
    expect(answer.artifacts.map((a) => a.artifact.digest).sort()).toEqual([digestA, digestB]);
    const human = await shiplog(['why', '42'], { cwd: dir, env });
    expect(human.stdout).toContain('used by 2 sources (/ci/a, /ci/b)');
  });

  it('answers an id one source used as before, without a list of sources', async () => {
    const run = await shiplog(['why', 'solo', '--json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as {
      sources?: string[];
      artifacts: { artifact: { digest: string } }[];
    };
    expect(answer.sources).toBeUndefined();
    expect(answer.artifacts.map((a) => a.artifact.digest)).toEqual([digestA]);
  });
});
