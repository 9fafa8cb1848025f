import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, startApiProcess } from '../api/apiProcess.ts';
import { shiplog } from '../support/shiplogCli.ts';
import type { ApiProcess } from '../api/apiProcess.ts';

const root = resolve(import.meta.dirname, '../..');
const screenshots = join(root, 'docs', 'screenshots');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const auditor = randomBytes(24).toString('base64url');
const emitter = randomBytes(24).toString('base64url');

let dir: string;
let demoOut: string;
let api: ApiProcess;
let browser: Browser;
let page: Page;

// One demo ledger (the release, staging, canary, production, incident, rollback), one
// `shiplog serve api` over it, one browser for every page.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-web-'));
  const demoDir = join(dir, 'demo');
  ({ stdout: demoOut } = await promisify(execFile)('bash', ['scripts/demo.sh'], {
    cwd: root,
    env: { ...process.env, SHIPLOG_DEMO_DIR: demoDir },
    maxBuffer: 16 * 1024 * 1024,
  }));
  api = await startApiProcess({
    cwd: dir,
    env: {
      SHIPLOG_STORE: `sqlite:${join(demoDir, 'ledger.db')}`,
      SHIPLOG_ARTIFACTS_DIR: join(demoDir, 'artifacts'),
      SHIPLOG_API_TOKENS: `audit:auditor:${sha256(auditor)},ci:emitter:${sha256(emitter)}`,
    },
  });
  browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await mkdir(screenshots, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** axe-core over the page as shown: no WCAG 2.0/2.1/2.2 A or AA violation. */
async function expectAccessible(): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found).toEqual([]);
}

const main = () => page.locator('main');
const shoot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
const productionRow = () =>
  page.locator('section', { has: page.locator('h2#env-production') }).locator('tbody tr');

async function signIn(token: string): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the web view (shiplog serve api, Chromium)', () => {
  it('the demo prints where the web view is', () => {
    expect(demoOut).toMatch(/Web view: .*shiplog dev, then open http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('shows a reader without a token a sign-in page, not data; refuses bad tokens and write-only roles', async () => {
    await page.goto(`${api.url}/#/environments`);
    await expect.poll(() => main().getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await main().textContent()).not.toContain('fixture-add');
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect((await callApi(api.url, '/v1/environments')).status).toBe(401);
    await expectAccessible();
    await shoot('sign-in');

    await signIn('not-a-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not accepted');
    await signIn(emitter);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('may not read');
    expect(await main().textContent()).not.toContain('fixture-add');
  });

  it('shows what runs where now, since when, by which release, with evidence and flags', async () => {
    await signIn(auditor);
    await expect.poll(() => page.locator('h2#env-production').textContent()).toContain('production');
    for (const env of ['staging', 'production']) await expect.poll(() => main().textContent()).toContain(env);
    // After the rollback, production runs 1.1.0 again; staging still runs 1.2.0.
    expect(await productionRow().first().textContent()).toMatch(/fixture-add.*1\.1\.0.*rolledback/s);
    const staging = page.locator('section', { has: page.locator('h2#env-staging') });
    expect(await staging.textContent()).toContain('release-shiplog-fixture-1.2.0');
    expect(await staging.textContent()).toMatch(/5 passed, 0 failed/);
    expect(await staging.textContent()).toContain('no violations');
    // The snapshots: staging runs what was recorded; production was changed by hand (seed 001).
    expect(await staging.textContent()).toMatch(/running as recorded \(snapshot by \S+ at /);
    const production = await productionRow().first().textContent();
    expect(production).toMatch(
      /drift: UNRECORDED_RUNTIME_CHANGE — running sha256:[0-9a-f]{12}, snapshot by /,
    );
    expect(production).not.toContain('no violations');
    expect(production).not.toContain('{"');
    expect(
      await productionRow().first().getByRole('link', { name: 'snapshot event' }).getAttribute('href'),
    ).toMatch(/^#\/event\?id=/);
    // Health as words, not a JSON blob: staging's post-deploy checks passed.
    expect(await staging.textContent()).toMatch(/healthy checked 20\d\d-/);
    expect(await staging.textContent()).not.toContain('{"');
    await expectAccessible();
    await shoot('environments');
  });

  it('travels back in time with the slider (keyboard) and with known-at', async () => {
    const slider = page.getByLabel('Time travel: as it stood after each recorded deployment');
    await slider.focus();
    // Step back through recorded deployments until production runs 1.2.0 (before the rollback).
    const productionText = () =>
      productionRow()
        .first()
        .textContent({ timeout: 2_000 })
        .catch(() => '');
    for (let i = 0; i < 6; i++) {
      if ((await productionText())?.includes('1.2.0')) break;
      const before = page.url();
      await page.keyboard.press('ArrowLeft');
      // The step is taken once the address names the new instant and the page has drawn it.
      await expect.poll(() => page.url()).not.toBe(before);
      await expect.poll(() => main().getAttribute('aria-busy')).toBeNull();
      await expect
        .poll(() => page.locator('#as-of time').getAttribute('datetime'))
        .toBe(new URL(page.url().replace('#/environments', '')).searchParams.get('at'));
      await page.getByLabel('Time travel: as it stood after each recorded deployment').focus();
    }
    expect(page.url()).toMatch(/#\/environments\?at=/);
    expect(await productionRow().first().textContent()).toMatch(/1\.2\.0.*upgraded/s);
    const shownAt = await page.locator('#as-of time').getAttribute('datetime');
    expect(new URL(page.url().replace('#/environments', '')).searchParams.get('at')).toBe(shownAt);
    await shoot('environments-time-travel');

    // Known-at a minute before the ledger began: nothing was known yet, whatever happened.
    await page.getByLabel('Known at (UTC)').fill('2000-01-01T00:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('#as-of').textContent()).toContain('as the ledger knew it at');
    expect(await main().getByText('Nothing deployed at this time.').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Now' }).click();
    await expect.poll(() => productionRow().first().textContent()).toMatch(/1\.1\.0/);
  });

  it('shows the canary step, the failed checks and the decided rollback just before the rollback ran', async () => {
    const timeline = await callApi(api.url, '/v1/timeline?env=production&limit=200', { token: auditor });
    const { entries } = (await timeline.json()) as {
      entries: { kind: string; at: string; action?: string }[];
    };
    const rollback = entries.find((e) => e.kind === 'deployment' && e.action === 'rolledback');
    expect(rollback).toBeDefined();
    const before = new Date(Date.parse(rollback!.at) - 1).toISOString();
    await page.goto(`${api.url}/#/environments?at=${encodeURIComponent(before)}`);
    await expect.poll(() => productionRow().first().textContent()).toMatch(/1\.2\.0/);
    const row = await productionRow().first().textContent();
    expect(row).toMatch(/unhealthy /);
    expect(row).toMatch(/canary step \d+ at 50%: /);
    expect(row).toMatch(/rollback decided to \S*1\.1\.0 by /);
    expect(row).not.toContain('no violations');
    await expectAccessible();
  });

  it('lists the timeline with rollbacks, incidents and gate decisions, and clicks through a why-chain to the SBOM and signature bundle', async () => {
    await page.getByRole('link', { name: 'Timeline' }).click();
    await expect
      .poll(() => main().getByRole('heading', { level: 1 }).textContent())
      .toBe('Timeline of production');
    const text = (await main().textContent()) ?? '';
    for (const seen of ['rollback', 'incident', 'gate', 'upgraded', 'INC-1.2.0-error-rate'])
      expect(text).toContain(seen);
    await expectAccessible();
    await shoot('timeline');

    await main().getByRole('link', { name: 'demo-shiplog-fixture@1.2.0-canary-upgraded' }).click();
    await expect.poll(() => main().locator('ol.chain').count()).toBeGreaterThan(0);
    const stages = await main().locator('ol.chain').first().locator('.stage').allTextContents();
    expect(stages.slice(0, 4)).toEqual(['change', 'build', 'SBOM', 'signature']);
    expect(stages).toContain('verification');
    expect(stages).toContain('release');
    expect(stages.indexOf('deploy')).toBeLessThan(stages.indexOf('rollback'));
    await expectAccessible();
    await shoot('why');

    await main()
      .getByRole('link', { name: /^SBOM sha256:/ })
      .click();
    await expect.poll(() => main().getByRole('heading', { level: 1 }).textContent()).toContain('.sbom');
    expect(await main().textContent()).toContain('dev.cdeventsx.shiplog-sbom.generated');
    expect(await main().textContent()).toContain('shiplog-workers');
    await expectAccessible();
    await page.goBack();
    await main()
      .getByRole('link', { name: /^signature bundle .*artifact signed/ })
      .click();
    await expect.poll(() => main().textContent()).toContain('dev.cdevents.artifact.signed');
    // The documents themselves, as the workers stored them.
    await page.goBack();
    await main().getByRole('link', { name: 'SBOM document' }).click();
    await expect
      .poll(() => main().getByRole('heading', { level: 1 }).textContent())
      .toMatch(/^CycloneDX 1\.6 SBOM$/);
    expect(await main().locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible();
    await page.goBack();
    await main().getByRole('link', { name: 'signature bundle document' }).click();
    await expect.poll(() => main().getByRole('heading', { level: 1 }).textContent()).toBe('Sigstore bundle');
  });

  it('is usable by keyboard: skip link first, then the pages in order', async () => {
    await page.goto(`${api.url}/#/environments`);
    await page.reload();
    await expect.poll(() => page.locator('h2#env-production').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    const names = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      names.push(await page.locator(':focus').textContent());
    }
    expect(names).toEqual(['Environments', 'Timeline', 'Why', 'DORA', 'Releases', 'Integrity']);
    // Back to DORA and open it with Enter.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => main().getByRole('heading', { level: 1 }).textContent())
      .toBe('DORA metrics of production');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
  });

  it('shows the DORA metrics with weekly charts', async () => {
    const text = (await main().textContent()) ?? '';
    for (const metric of [
      'Deployment frequency',
      'Lead time for changes',
      'Change failure rate',
      'Time to restore service',
      'Failed deployment recovery',
    ])
      expect(text).toContain(metric);
    expect(text).toMatch(/median over 1 incidents/);
    expect(await main().locator('svg.chart').count()).toBe(2);
    expect(await main().locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
    await expectAccessible();
    await shoot('dora');
  });

  it("shows a release's packages per registry, state, receipts and what resume would do", async () => {
    await page.getByRole('link', { name: 'Releases' }).click();
    await page.getByLabel('Release (name@version)').fill('shiplog-fixture@1.2.0');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => main().getByRole('heading', { level: 1 }).textContent())
      .toBe('Release shiplog-fixture@1.2.0');
    const text = (await main().textContent()) ?? '';
    expect(text).toContain('State: published');
    expect(
      await main()
        .getByRole('heading', { name: /^Registry / })
        .count(),
    ).toBe(4);
    expect(await main().getByRole('link', { name: 'receipt' }).count()).toBeGreaterThanOrEqual(7);
    expect(text).toContain('nothing: the ledger holds a receipt for every file');
    await expectAccessible();
    await shoot('releases');
  });

  it('shows the latest checkpoint and verifies the read models on request', async () => {
    await page.getByRole('link', { name: 'Integrity' }).click();
    await expect.poll(() => main().getByRole('heading', { level: 1 }).textContent()).toBe('Integrity');
    expect(await main().locator('pre').first().textContent()).toMatch(/^shiplog\/[^\n]*\n\d+\n/);
    await page.getByRole('button', { name: 'Verify the read models now' }).click();
    await expect
      .poll(() => page.locator('#verify-result').textContent())
      .toContain('read models match a replay of the log');
    await expectAccessible();
    await shoot('integrity');
  });

  it('downloads the audit bundle, and shiplog verify --bundle accepts it with the demo checkpoint key', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the audit bundle (.tar)' }).click(),
    ]);
    const name = download.suggestedFilename();
    expect(name).toMatch(/^shiplog-audit-\d+\.tar$/);
    const tar = join(dir, name);
    await download.saveAs(tar);
    await promisify(execFile)('tar', ['-xf', tar, '-C', dir]);
    const key = /public key \(keep it elsewhere[^\n]*\n(\S+)/.exec(demoOut)?.[1] ?? '';
    const verified = await shiplog(
      ['verify', '--bundle', join(dir, name.replace(/\.tar$/, '')), '--key', key],
      {
        cwd: dir,
      },
    );
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    await expect.poll(() => page.locator('#download-result').textContent()).toContain(`Saved ${name}`);
  });
});
