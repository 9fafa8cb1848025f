import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCDEvent, policyViolatedType } from '@shiplog/events';
import { ProducerIdentity } from '@shiplog/ledger';
import type { DeployedAnswer } from '@shiplog/projections';
import { openStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../exitCodes.ts';
import { main } from '../main.ts';
import { captureIo } from '../testing/captureIo.ts';

const A = `sha256:${'a1'.repeat(32)}`;
const B = `sha256:${'b2'.repeat(32)}`;
const MANUAL = `sha256:${'9e'.repeat(32)}`;
const fixtures = join(import.meta.dirname, '..', 'snapshot', 'fixtures');

let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-snapshot-'));
  env = { SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}` };
  await copyFile(join(fixtures, 'kubectl-get-pods.json'), join(dir, 'pods.json'));
  await copyFile(join(fixtures, 'docker-inspect.json'), join(dir, 'containers.json'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function shiplog(
  args: string[],
  stdinText?: string,
): Promise<{ code: ExitCode; out: string; err: string }> {
  const c = captureIo({ cwd: dir, env, ...(stdinText === undefined ? {} : { stdinText }) });
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

/** Records `app` (digest A) and `api` (digest B) deployed to production, as CI reports them. */
async function recordDeployments(): Promise<void> {
  const deploy = (service: string, digest: string) =>
    createCDEvent('dev.cdevents.service.deployed.0.3.0', {
      id: `deploy-${service}`,
      source: '/ci/deployer',
      timestamp: '2026-12-01T09:00:00Z',
      subjectId: service,
      content: { environment: { id: 'production' }, artifactId: `pkg:oci/${service}@${digest}?tag=1.4.0` },
    });
  const events = [deploy('app', A), deploy('api', B)].map((e) => JSON.stringify(e)).join('\n');
  await writeFile(join(dir, 'deploys.ndjson'), events);
  expect((await shiplog(['emit', 'deploys.ndjson'])).code).toBe(ExitCode.Done);
}

async function deployed(): Promise<DeployedAnswer> {
  const answer = await shiplog(['deployed', '--env', 'production', '--json']);
  expect(answer.code).toBe(ExitCode.Done);
  return JSON.parse(answer.out) as DeployedAnswer;
}

const driftOf = (out: string) =>
  (JSON.parse(out) as { drift: { code: string; service: string }[] }).drift.map((d) => [d.code, d.service]);

describe('shiplog snapshot on the embedded store', () => {
  it('records a clean kubectl snapshot with no drift; deployed shows what was observed next to what was recorded', async () => {
    await recordDeployments();
    const snap = await shiplog(['snapshot', '--env', 'production', '--from', 'kubectl=pods.json', '--json']);
    expect(snap.code).toBe(ExitCode.Done);
    expect(driftOf(snap.out)).toEqual([]);
    const answer = await deployed();
    const app = answer.services.find((s) => s.service === 'app');
    expect(app?.observed).toMatchObject({
      digests: [A],
      drift: null,
      producer: 'local',
      snapshotEventId: (JSON.parse(snap.out) as { eventId: string }).eventId,
    });
    expect(answer.unrecorded).toEqual([]);
  });

  it('catches a manual change: other bytes running is UNRECORDED_RUNTIME_CHANGE, recorded by the ledger, shown by deployed', async () => {
    await recordDeployments();
    const snap = await shiplog(['snapshot', '--env', 'production', '-'], `app ${MANUAL}\napi ${B}\n`);
    expect(snap.code).toBe(ExitCode.Done);
    expect(snap.out).toContain('UNRECORDED_RUNTIME_CHANGE');
    expect(snap.out).toContain(MANUAL);
    const answer = await deployed();
    const byService = new Map(answer.services.map((s) => [s.service, s.observed]));
    expect(byService.get('app')).toMatchObject({ digests: [MANUAL], drift: 'UNRECORDED_RUNTIME_CHANGE' });
    expect(byService.get('api')).toMatchObject({ digests: [B], drift: null });
    const text = await shiplog(['deployed', '--env', 'production']);
    expect(text.out).toMatch(/observed .*sha256:9e9e.* UNRECORDED_RUNTIME_CHANGE/);

    // The snapshot carries who ran it; its violation only the ledger records.
    const store = await openStore(env.SHIPLOG_STORE as string, { cwd: dir });
    try {
      const records = [];
      for await (const r of store.readAll()) records.push(r);
      const snapshot = records.find((r) => r.type.includes('environment.snapshotted'));
      const violation = records.find(
        (r) => r.type === policyViolatedType && r.data.includes('UNRECORDED_RUNTIME_CHANGE'),
      );
      expect(snapshot?.producer).toBe(ProducerIdentity.Local);
      expect(snapshot?.streamId).toBe('snapshot-production');
      expect(violation?.producer).toBe(ProducerIdentity.Ledger);
      const content = (JSON.parse(violation?.data ?? '{}') as { subject: { content: { service: unknown } } })
        .subject.content;
      expect(content.service).toEqual({ id: 'app' });
    } finally {
      await store.close();
    }
  });

  it('answers --at before the snapshot without it: nothing was observed then', async () => {
    await recordDeployments();
    await shiplog(['snapshot', '--env', 'production', '-'], `app ${MANUAL}\napi ${B}\n`);
    const before = await shiplog([
      'deployed',
      '--env',
      'production',
      '--at',
      '2026-12-02T00:00:00Z',
      '--json',
    ]);
    const answer = JSON.parse(before.out) as DeployedAnswer;
    expect(answer.services.map((s) => [s.service, s.observed])).toEqual([
      ['api', null],
      ['app', null],
    ]);
  });

  it('flags a running service no deployment recorded (docker inspect), listed in deployed as unrecorded', async () => {
    await recordDeployments();
    const containers = JSON.parse(await readFile(join(dir, 'containers.json'), 'utf8')) as {
      Name: string;
      State: { Running: boolean };
      Config: { Labels: Record<string, string> };
    }[];
    const old = containers.find((c) => c.Name === '/shop-old-1');
    if (old !== undefined) old.State.Running = true; // someone started it again by hand
    await writeFile(join(dir, 'containers.json'), JSON.stringify(containers));
    const snap = await shiplog([
      'snapshot',
      '--env',
      'production',
      '--from',
      'docker=containers.json',
      '--json',
    ]);
    expect(driftOf(snap.out)).toEqual([['UNRECORDED_RUNTIME_CHANGE', 'old']]);
    const answer = await deployed();
    expect(answer.unrecorded.map((u) => [u.service, u.drift])).toEqual([
      ['old', 'UNRECORDED_RUNTIME_CHANGE'],
    ]);
  });

  it('flags a recorded service a complete snapshot does not see as RECORDED_BUT_NOT_RUNNING; --partial judges only what it names', async () => {
    await recordDeployments();
    await writeFile(join(dir, 'only-app.txt'), `app ${A}\n`);
    const partial = await shiplog([
      'snapshot',
      '--env',
      'production',
      '--from',
      'digests=only-app.txt',
      '--partial',
      '--json',
    ]);
    expect(driftOf(partial.out)).toEqual([]);
    const complete = await shiplog([
      'snapshot',
      '--env',
      'production',
      '--from',
      'digests=only-app.txt',
      '--json',
    ]);
    expect(driftOf(complete.out)).toEqual([['RECORDED_BUT_NOT_RUNNING', 'api']]);
    const api = (await deployed()).services.find((s) => s.service === 'api');
    expect(api?.observed).toMatchObject({ digests: [], drift: 'RECORDED_BUT_NOT_RUNNING' });
    expect((await shiplog(['snapshot', '--env', 'production', 'only-app.txt', '--fail-on-drift'])).code).toBe(
      ExitCode.Failure,
    );
  });

  it('refuses unreadable input with exit 2, naming the pod and the flag to use, and records nothing', async () => {
    await writeFile(
      join(dir, 'unlabelled.json'),
      JSON.stringify({
        metadata: { name: 'mystery-pod' },
        status: { phase: 'Running', containerStatuses: [] },
      }),
    );
    const refused = await shiplog(['snapshot', '--env', 'production', '--from', 'kubectl=unlabelled.json']);
    expect(refused.code).toBe(ExitCode.Usage);
    expect(refused.err).toContain('SNAPSHOT_SERVICE_UNKNOWN');
    expect(refused.err).toContain('mystery-pod');
    expect(refused.err).toContain('--service-label');
    expect((await shiplog(['snapshot', '--env', 'production', '--from', 'helm=x'])).code).toBe(
      ExitCode.Usage,
    );
  });
});
