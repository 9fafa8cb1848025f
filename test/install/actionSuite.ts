import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDev, summaryOf } from '../dev/devProcess.ts';
import type { DevProcess } from '../dev/devProcess.ts';
import { actionProblems, readAction, runCompositeAction } from './compositeAction.ts';
import type { ActionRun } from './compositeAction.ts';
import type { NpmSandbox } from './npmSandbox.ts';
import { startNatsLedger } from './natsLedger.ts';
import type { NatsLedger } from './natsLedger.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

let sandbox: NpmSandbox;
let dev: DevProcess;
let api: { url: string; token: string };
let runnerTemp: string;
let workspace: string;
let runnerEnv: Record<string, string>;

async function setUp(getSandbox: () => NpmSandbox): Promise<void> {
  sandbox = getSandbox();
  dev = spawnDev(['--port', '0', '--json'], await sandbox.emptyDir('action-dev'));
  const summary = await summaryOf(dev);
  api = { url: summary.api.url, token: summary.token ?? '' };
  runnerTemp = join(sandbox.dir, 'runner-temp');
  workspace = await sandbox.emptyDir('workspace');
  // The runner's npm knows nothing of @shiplog: the action's `registry` input must point there.
  const npmrc = join(sandbox.dir, 'runner.npmrc');
  await writeFile(npmrc, `registry=${sandbox.upstream}\n`);
  runnerEnv = {
    ...sandbox.env,
    npm_config_userconfig: npmrc,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy',
    GITHUB_WORKFLOW: 'release',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'a'.repeat(40),
    RUNNER_OS: 'Linux',
  };
}

const production = {
  environment: { id: 'production' },
  artifactId: 'pkg:oci/checkout@sha256:' + 'b'.repeat(64),
};

function action(inputs: Record<string, string>): Promise<ActionRun> {
  return runCompositeAction(
    repoRoot,
    { registry: sandbox.registry, 'api-url': api.url, 'api-token': api.token, ...inputs },
    { env: runnerEnv, temp: runnerTemp },
  );
}

async function deployedIn(env: string): Promise<{ service: string; eventId: string }[]> {
  const response = await fetch(`${api.url}/v1/deployed?env=${env}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  return ((await response.json()) as { services: { service: string; eventId: string }[] }).services;
}

/**
 * The GitHub Action's steps run as a runner runs them, installing the CLI from the registry: over
 * the API of `shiplog dev`, and over NATS (nats-server with the generated permissions, and ingest).
 * Its tests run in order: the first installs the CLI the others reuse, as steps of one job do;
 * the suite as a whole runs beside the others.
 */
export function actionSuite(getSandbox: () => NpmSandbox): void {
  describe('the shiplog GitHub Action', () => {
    beforeAll(() => setUp(getSandbox));
    afterAll(async () => {
      await dev?.stop('SIGKILL');
    });

    // In order (not concurrent): the first test installs the CLI the others reuse.
    describe('action.yml, its steps run as a runner runs them', { concurrent: false }, () => {
      it('is a well-formed composite action: names, described inputs, run steps with a shell', async () => {
        const parsed = await readAction(repoRoot);
        expect(actionProblems(parsed)).toEqual([]);
        const steps = parsed.runs?.steps ?? [];
        const broken = {
          ...parsed,
          runs: { using: 'composite', steps: [{ run: 'true' }, ...steps.slice(1)] },
        };
        expect(actionProblems(broken)).toEqual(['runs.steps[0]: run needs shell']);
      });

      it('installs the CLI from the registry and records an event built from its fields over the API', async () => {
        const run = await action({
          type: 'dev.cdevents.service.deployed.0.3.0',
          'subject-id': 'checkout',
          content: JSON.stringify(production),
        });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain('@shiplog/cli 0.1.0');
        const id = 'gh-4242-1-deploy-service.deployed-checkout';
        expect(run.stdout).toMatch(new RegExp(`shiplog: ${id} recorded at position \\d+`));
        expect(run.outputs.status).toBe('recorded');
        expect(JSON.parse(run.outputs.answers ?? '[]')).toMatchObject([{ status: 'recorded', eventId: id }]);
        expect(run.summary).toContain(`\`${id}\`: recorded`);
        expect(await deployedIn('production')).toEqual([
          expect.objectContaining({ service: 'checkout', eventId: id }),
        ]);
      });

      it('records an event file, answers a re-run duplicate, and fails the step on an invalid event or a bad token', async () => {
        const event = {
          context: {
            specversion: '0.5.1',
            id: 'gh-4242-1-staging',
            source: '/github/acme/shop/actions/runs/4242',
            type: 'dev.cdevents.service.deployed.0.3.0',
            timestamp: '2026-12-01T10:00:00Z',
          },
          subject: { id: 'checkout', content: { ...production, environment: { id: 'staging' } } },
        };
        await mkdir(join(workspace, 'out'), { recursive: true });
        await writeFile(join(workspace, 'out', 'event.json'), JSON.stringify(event));
        const first = await action({ 'event-file': 'out/event.json' });
        expect(first.code, first.stderr).toBe(0);
        expect(first.outputs.status).toBe('recorded');
        const again = await action({ 'event-file': 'out/event.json' });
        expect(again.code, again.stderr).toBe(0);
        expect(again.outputs.status).toBe('duplicate');

        const { environment: _missing, ...withoutEnvironment } = production;
        const invalid = await action({
          type: 'dev.cdevents.service.deployed.0.3.0',
          'subject-id': 'cart',
          content: JSON.stringify(withoutEnvironment),
        });
        expect(invalid.code).toBe(3);
        expect(invalid.stdout + invalid.stderr).toContain('/subject/content/environment');
        expect(invalid.stderr).toContain(
          '::error title=shiplog::the event in the inputs is not valid; nothing was sent',
        );

        const badToken = await action({ 'event-file': 'out/event.json', 'api-token': 'not-a-token' });
        expect(badToken.code).toBe(1);
        expect(badToken.stderr).toContain('the API refused the token (401)');
        expect((await deployedIn('staging')).map((s) => s.service)).toEqual(['checkout']);
      });

      it('refuses inputs that name no transport, or not the whole event, with exit 2', async () => {
        const noTransport = await action({ 'event-file': 'out/event.json', 'api-url': '' });
        expect(noTransport.code).toBe(2);
        expect(noTransport.stderr).toContain('give one of api-url (with api-token) or nats-url');
        const noEvent = await action({ type: 'dev.cdevents.service.deployed.0.3.0' });
        expect(noEvent.code).toBe(2);
        expect(noEvent.stderr).toContain('missing: subject-id, content');
      });
    });

    describe('over NATS', { concurrent: false }, () => {
      let nats: NatsLedger;
      beforeAll(async () => {
        nats = await startNatsLedger(await sandbox.emptyDir('nats-ledger'));
      });
      afterAll(() => nats?.stop());

      it('records an event through shiplog emit as the NATS user it names, and fails on a wrong password', async () => {
        const inputs = {
          type: 'dev.cdevents.pipelinerun.finished.0.3.0',
          'subject-id': 'run-4242',
          content: JSON.stringify({
            pipelineName: 'release',
            outcome: 'success',
            uri: 'https://github.com/acme/shop',
          }),
          'api-url': '',
          'nats-url': nats.url,
          'nats-user': 'ci',
        };
        const run = await action({ ...inputs, 'nats-password': nats.password('ci') });
        expect(run.code, run.stderr).toBe(0);
        const id = 'gh-4242-1-deploy-pipelinerun.finished-run-4242';
        expect(JSON.parse(run.outputs.answers ?? '[]')).toMatchObject([{ status: 'recorded', eventId: id }]);
        expect(await nats.records()).toEqual([{ id, producer: 'nats:ci' }]);

        const wrong = await action({ ...inputs, 'nats-password': 'wrong' });
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toContain('shiplog emit failed');
      });
    });
  });
}
