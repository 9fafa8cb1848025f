// The audit read models against a hand-worked scenario (auditScenario.ts). Times are written as
// "dN hh:mm" = day N of the scenario (d0 = 2026-01-05) at hh:mm UTC. Every expected figure below
// is computed by hand from the timeline, with the arithmetic in the comments.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjections, ProjectionsErrorCode, replay } from '@shiplog/projections';
import type { Projections } from '@shiplog/projections';
import type { EventStore } from '@shiplog/store';
import { allAnswers } from './auditQueries.ts';
import {
  CK3_LATE,
  ck2,
  ck3,
  ck4,
  NOW,
  PAY4_CORRECTION,
  PAY4_REPORT,
  pay1,
  pay3,
  pay4,
  se1,
  se3,
  t,
} from './auditScenario.ts';
import { recordScenario } from './recordScenario.ts';

let dir: string;
let store: EventStore;
let projections: Projections;
let recorded: number;
let applied: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-audit-'));
  const result = await recordScenario(dir);
  store = result.store;
  recorded = result.events;
  projections = await openProjections({ store, path: join(dir, 'projections.db') });
  applied = await projections.catchUp();
});

afterAll(async () => {
  await projections?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const running = (answer: {
  services: readonly { service: string; artifactId: string; since: string; eventId: string }[];
}) =>
  answer.services.map(({ service, artifactId, since, eventId }) => ({ service, artifactId, since, eventId }));

describe('catch-up', () => {
  it('applies every recorded event (facts and the violations the ledger added) once', async () => {
    expect(applied).toBe(recorded);
    expect(projections.checkpoint().applied).toBe(recorded);
    expect(await projections.catchUp()).toBe(0);
  });
});

describe('dora', () => {
  it('production, last 30 days before d42: [d12, d42)', async () => {
    // Deployments (deployed|upgraded) in the window, the superseded d37 09:00 pay4 report left out:
    // ck2 d14 10:00, ck2 d14 16:00 (canary → full), se1 d16 10:00, pay2 d20 10:00, pay3 d22 10:00,
    // se2 d25 10:00, se3 d30 10:00, ck3 d33 10:00 (late report), pay4 d36 15:00 (corrected),
    // ck4 d40 10:00 → 10 deployments over 30 days = 1/3 per day.
    // Lead time, each change at its artifact's first arrival (se1 and the ck2 upgrade were there before):
    //   C2 d10 09:00→d14 10:00 = 97h = 349200 s; P2 d18 10:00→d20 10:00 = 172800; P3 (merged only)
    //   d20 22:00→d22 10:00 = 129600; S2 d23 04:00→d25 10:00 = 194400; S3 d28 10:00→d30 10:00 =
    //   172800; C3 d31 10:00→d33 10:00 = 172800; P4 d35 20:00→d36 15:00 = 68400; C4 d39 22:00→
    //   d40 10:00 = 43200. Sorted: 43200 68400 129600 172800 172800 172800 194400 349200 → median 172800.
    // Failures: pay2 (rolled back d20 13:00), pay3 (INC-4 names payments d31, before pay4 d36 15:00),
    //   se2 (INC-2 names its artifact d27), ck4 (rolled back d40 11:30) → 4 of 10 = 0.4.
    // Recovery: pay2 13:00−10:00 = 10800; pay3 → pay4 d36 15:00 − d22 10:00 = 14 d 5 h = 1227600;
    //   se2 → se3 d30 10:00 − d25 10:00 = 432000; ck4 11:30−10:00 = 5400.
    //   Sorted 5400 10800 432000 1227600 → median (10800 + 432000) / 2 = 221400.
    // Restore: INC-1 12:00→14:00 = 7200, INC-2 09:00→10:30 = 5400, INC-4 08:00→12:00 = 14400
    //   (INC-3 open, INC-0 before the window, INC-S in staging) → median 7200 over 3.
    expect(await projections.dora({ now: NOW })).toEqual({
      env: 'production',
      service: null,
      since: t(12),
      until: t(42),
      deploymentFrequency: { count: 10, perDay: 10 / 30 },
      leadTimeForChanges: { medianSeconds: 172800, changes: 8 },
      changeFailureRate: { failed: 4, deployments: 10, ratio: 0.4 },
      timeToRestoreService: { medianSeconds: 7200, incidents: 3 },
      failedDeploymentRecoveryTime: { medianSeconds: 221400, failures: 4 },
      knownAt: null,
      // DORA 2024 clusters: frequency high, lead time high, change failure rate low, recovery low.
      performance: {
        tier: 'low',
        byMetric: {
          deploymentFrequency: 'high',
          leadTimeForChanges: 'high',
          changeFailureRate: 'low',
          failedDeploymentRecoveryTime: 'low',
        },
        reference: 'DORA Accelerate State of DevOps 2024',
      },
    });
  });

  it('payments only, where the correction moves the figures', async () => {
    // pay2 d20 10:00, pay3 d22 10:00, pay4 d36 15:00 → 3 / 30 = 0.1 per day.
    // Lead: 172800, 129600, 68400 → median 129600 (with the uncorrected d37 09:00 report pay4's
    //   would be 133200 and the median 133200: the correction counts).
    // Failures pay2, pay3 → 2/3. Recovery 10800 and 1227600 → median 619200.
    // Restore: INC-1 7200, INC-4 14400 (INC-2 names search's artifact) → median 10800.
    expect(await projections.dora({ service: 'payments', now: NOW })).toEqual({
      env: 'production',
      service: 'payments',
      since: t(12),
      until: t(42),
      deploymentFrequency: { count: 3, perDay: 0.1 },
      leadTimeForChanges: { medianSeconds: 129600, changes: 3 },
      changeFailureRate: { failed: 2, deployments: 3, ratio: 2 / 3 },
      timeToRestoreService: { medianSeconds: 10800, incidents: 2 },
      failedDeploymentRecoveryTime: { medianSeconds: 619200, failures: 2 },
      knownAt: null,
      // DORA 2024 clusters: frequency medium, lead time high, change failure rate low, recovery low.
      performance: {
        tier: 'low',
        byMetric: {
          deploymentFrequency: 'medium',
          leadTimeForChanges: 'high',
          changeFailureRate: 'low',
          failedDeploymentRecoveryTime: 'low',
        },
        reference: 'DORA Accelerate State of DevOps 2024',
      },
    });
  });

  it('an earlier window [d0, d12)', async () => {
    // ck1 d1 10:00, pay1 d2 10:00, se1 d3 10:00 → 3 / 12 days = 0.25.
    // Lead: C1 d0 00:00→d1 10:00, P1 d1 00:00→d2 10:00, S1 d2 00:00→d3 10:00: 34 h = 122400 each.
    // INC-0 (d5 08:00, names search) falls before se1's next deployment (d16 10:00): 1 of 3 failed;
    //   recovery d16 10:00 − d3 10:00 = 13 days = 1123200; restore 08:00→09:00 = 3600.
    expect(await projections.dora({ since: t(0), until: t(12) })).toEqual({
      env: 'production',
      service: null,
      since: t(0),
      until: t(12),
      deploymentFrequency: { count: 3, perDay: 0.25 },
      leadTimeForChanges: { medianSeconds: 122400, changes: 3 },
      changeFailureRate: { failed: 1, deployments: 3, ratio: 1 / 3 },
      timeToRestoreService: { medianSeconds: 3600, incidents: 1 },
      failedDeploymentRecoveryTime: { medianSeconds: 1123200, failures: 1 },
      knownAt: null,
      // DORA 2024 clusters: frequency high, lead time high, change failure rate low, recovery low.
      performance: {
        tier: 'low',
        byMetric: {
          deploymentFrequency: 'high',
          leadTimeForChanges: 'high',
          changeFailureRate: 'low',
          failedDeploymentRecoveryTime: 'low',
        },
        reference: 'DORA Accelerate State of DevOps 2024',
      },
    });
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(projections.dora({ since: t(20), until: t(10) })).rejects.toMatchObject({
      code: ProjectionsErrorCode.InvalidQuery,
    });
  });
});

describe('deployed', () => {
  it('tells what ran at several instants, since when', async () => {
    // d14 12:00: ck2's canary went out at 10:00; payments and search still run their first release.
    expect(running(await projections.deployed({ env: 'production', at: t(14, 12) }))).toEqual([
      {
        service: 'checkout',
        artifactId: ck2.purl,
        since: t(14, 10),
        eventId: 'checkout-1.1.0-deployed-production',
      },
      {
        service: 'payments',
        artifactId: pay1.purl,
        since: t(2, 10),
        eventId: 'payments-2.0.0-deployed-production',
      },
      {
        service: 'search',
        artifactId: se1.purl,
        since: t(3, 10),
        eventId: 'search-3.0.0-deployed-production',
      },
    ]);
    // d20 13:30: ck2 fully rolled out (16:00 on d14), payments rolled back to 2.0.0 at 13:00,
    // search restarted its 3.0.0 on d16.
    expect(running(await projections.deployed({ env: 'production', at: t(20, 13, 30) }))).toEqual([
      {
        service: 'checkout',
        artifactId: ck2.purl,
        since: t(14, 16),
        eventId: 'checkout-1.1.0-upgraded-production',
      },
      {
        service: 'payments',
        artifactId: pay1.purl,
        since: t(20, 13),
        eventId: 'payments-2.0.0-rolledback-to-production',
      },
      {
        service: 'search',
        artifactId: se1.purl,
        since: t(16, 10),
        eventId: 'search-3.0.0-upgraded-production',
      },
    ]);
    // d40 12:00: ck4's canary was rolled back to ck3 at 11:30.
    const d40 = await projections.deployed({ env: 'production', at: t(40, 12), service: 'checkout' });
    expect(running(d40)).toEqual([
      {
        service: 'checkout',
        artifactId: ck3.purl,
        since: t(40, 11, 30),
        eventId: 'checkout-1.2.0-rolledback-to-production',
      },
    ]);
    expect(d40.services[0]?.why.action).toBe('rolledback');
  });

  it('drops a removed service and keeps the other environment apart', async () => {
    const before = await projections.deployed({ env: 'staging', at: t(41, 9) });
    expect(before.services.map((s) => s.service)).toEqual(['checkout', 'payments', 'search']);
    expect(before.services[2]?.artifactId).toBe(se3.purl);
    const after = await projections.deployed({ env: 'staging', at: t(41, 12) });
    expect(after.services.map((s) => [s.service, s.artifactId])).toEqual([
      ['checkout', ck4.purl],
      ['payments', pay4.purl],
    ]);
  });

  it('--at versus --known-at: a late report shows only once recorded', async () => {
    // ck3 went out d33 10:00 but the ledger heard of it on d35 10:00.
    const now = await projections.deployed({ env: 'production', service: 'checkout', at: t(34, 12) });
    expect(running(now)).toEqual([
      { service: 'checkout', artifactId: ck3.purl, since: t(33, 10), eventId: CK3_LATE },
    ]);
    const then = await projections.deployed({
      env: 'production',
      service: 'checkout',
      at: t(34, 12),
      knownAt: t(34, 12),
    });
    expect(running(then)).toEqual([
      {
        service: 'checkout',
        artifactId: ck2.purl,
        since: t(14, 16),
        eventId: 'checkout-1.1.0-upgraded-production',
      },
    ]);
    expect(then.knownAt).toBe(t(34, 12));
  });

  it('--known-at: a correction replaces the report it supersedes from when it was recorded', async () => {
    // pay4 reported d37 10:00 as deployed d37 09:00; corrected d38 10:00 to d36 15:00.
    const asReported = await projections.deployed({
      env: 'production',
      service: 'payments',
      at: t(37, 12),
      knownAt: t(37, 12),
    });
    expect(running(asReported)).toEqual([
      { service: 'payments', artifactId: pay4.purl, since: t(37, 9), eventId: PAY4_REPORT },
    ]);
    const corrected = await projections.deployed({ env: 'production', service: 'payments', at: t(37, 12) });
    expect(running(corrected)).toEqual([
      { service: 'payments', artifactId: pay4.purl, since: t(36, 15), eventId: PAY4_CORRECTION },
    ]);
    expect(corrected.services[0]?.why.corrects).toBe(PAY4_REPORT);
    // d36 18:00: as the ledger knew it on d37 12:00 pay3 still ran; as known now, pay4 did.
    const early = await projections.deployed({
      env: 'production',
      service: 'payments',
      at: t(36, 18),
      knownAt: t(37, 12),
    });
    expect(early.services[0]?.artifactId).toBe(pay3.purl);
    const late = await projections.deployed({ env: 'production', service: 'payments', at: t(36, 18) });
    expect(late.services[0]?.artifactId).toBe(pay4.purl);
  });

  it('says why: changes, checks, approvals, gates and violations', async () => {
    const ck4Out = await projections.deployed({ env: 'production', service: 'checkout', at: t(40, 10, 30) });
    expect(ck4Out.services[0]?.why).toMatchObject({
      action: 'deployed',
      artifact: { digest: ck4.digest, nameVersion: 'pkg:oci/checkout@1.3.0' },
      changes: ['C4'],
      verifications: { passed: 1, failed: 0 },
      approvals: [{ approver: 'alice', granted: true, eventId: 'checkout-1.3.0-approved-production' }],
      gates: [{ decision: 'allow', stage: 'deploy', eventId: 'checkout-1.3.0-gate-production' }],
      violations: [],
    });
    // pay3 went to production without an approval: the ledger recorded it and flagged it.
    const pay3Out = await projections.deployed({ env: 'production', service: 'payments', at: t(23) });
    expect(pay3Out.services[0]?.why.approvals).toEqual([]);
    expect(pay3Out.services[0]?.why.violations.map((v) => v.rule)).toEqual(['APPROVAL_MISSING']);
  });

  it('refuses a time that is not RFC 3339', async () => {
    await expect(projections.deployed({ env: 'production', at: 'yesterday' })).rejects.toMatchObject({
      code: ProjectionsErrorCode.InvalidQuery,
    });
  });
});

describe('history', () => {
  it('lists deployments and rollbacks in time order, corrections in place', async () => {
    expect((await projections.history({ env: 'production', service: 'payments' })).entries).toEqual([
      {
        service: 'payments',
        action: 'deployed',
        artifactId: pay1.purl,
        at: t(2, 10),
        eventId: 'payments-2.0.0-deployed-production',
        rollback: false,
      },
      {
        service: 'payments',
        action: 'deployed',
        artifactId: 'pkg:oci/payments@sha256:' + 'a2'.padStart(64, '0') + '?tag=2.1.0',
        at: t(20, 10),
        eventId: 'payments-2.1.0-deployed-production',
        rollback: false,
      },
      {
        service: 'payments',
        action: 'rolledback',
        artifactId: pay1.purl,
        at: t(20, 13),
        eventId: 'payments-2.0.0-rolledback-to-production',
        rollback: true,
      },
      {
        service: 'payments',
        action: 'deployed',
        artifactId: pay3.purl,
        at: t(22, 10),
        eventId: 'payments-2.2.0-deployed-production',
        rollback: false,
      },
      {
        service: 'payments',
        action: 'deployed',
        artifactId: pay4.purl,
        at: t(36, 15),
        eventId: PAY4_CORRECTION,
        rollback: false,
      },
    ]);
  });

  it('shows removals and honours the window', async () => {
    const staging = await projections.history({
      env: 'staging',
      service: 'search',
      since: t(20),
      until: t(41, 10),
    });
    expect(staging.entries.map((e) => [e.action, e.at, e.artifactId])).toEqual([
      ['deployed', t(24, 4), 'pkg:oci/search@sha256:' + '52'.padStart(64, '0') + '?tag=3.1.0'],
      ['deployed', t(29, 4), se3.purl],
      ['removed', t(41, 10), null],
    ]);
  });
});

describe('why', () => {
  it('gives the whole chain of an artifact in time order, ending in its rollback', async () => {
    const answer = await projections.why(ck4.digest);
    expect(answer.matched).toBe('digest');
    const [chain] = answer.artifacts;
    expect(chain?.steps.map((s) => [s.stage, s.at])).toEqual([
      ['change', t(39, 22)],
      ['build', t(40, 1)],
      ['verification', t(40, 2)],
      ['sbom', t(40, 2, 10)],
      ['signature', t(40, 2, 20)],
      ['release', t(40, 3)],
      ['deploy', t(40, 4)],
      ['postDeployVerification', t(40, 5)],
      ['approval', t(40, 9)],
      ['gate', t(40, 9, 30)],
      ['deploy', t(40, 10)],
      ['rollback', t(40, 11, 30)],
    ]);
    expect(chain?.deployments.map((d) => [d.env, d.outcome, d.endedBy])).toEqual([
      ['staging', 'running', null],
      ['production', 'rolledback', 'checkout-1.2.0-rolledback-to-production'],
    ]);
    expect(chain?.signatures.map((s) => s.eventId)).toEqual(['checkout-1.3.0-signed']);
    expect(chain?.sboms.map((s) => s.eventId)).toEqual(['checkout-1.3.0-sbom', 'checkout-1.3.0-packaged']);
    expect(chain?.gates.map((s) => s.detail['decision'])).toEqual(['allow']);
  });

  it('finds the same chain by purl, change id and event id', async () => {
    const byDigest = (await projections.why(ck4.digest)).artifacts;
    expect((await projections.why(ck4.purl)).artifacts).toEqual(byDigest);
    // A purl by version only finds the bytes built under it.
    expect((await projections.why('pkg:oci/checkout@1.3.0')).artifacts).toEqual(byDigest);
    expect(await projections.why('C4')).toMatchObject({ matched: 'change', artifacts: byDigest });
    expect(await projections.why('checkout-1.3.0-gate-production')).toMatchObject({
      matched: 'event',
      artifacts: byDigest,
    });
  });

  it('names the violations found on the chain', async () => {
    const [chain] = (await projections.why(pay3.digest)).artifacts;
    expect(chain?.violations.map((v) => [v.rule, v.offendingEventId])).toEqual([
      ['APPROVAL_MISSING', 'payments-2.2.0-deployed-production'],
    ]);
    const deploy = chain?.steps.find((s) => s.eventId === 'payments-2.2.0-deployed-production');
    expect(deploy?.violations.map((v) => v.rule)).toEqual(['APPROVAL_MISSING']);
  });

  it('answers NOT_FOUND for a name the ledger never saw', async () => {
    await expect(projections.why('no-such-thing')).rejects.toMatchObject({
      code: ProjectionsErrorCode.NotFound,
    });
  });
});

describe('replay', () => {
  it('rebuilds from zero to byte-identical answers', async () => {
    const live = await allAnswers(projections);
    const path = join(dir, 'replayed', 'projections.db');
    const result = await replay({ store, path });
    expect(result.applied).toBe(recorded);
    const rebuilt = await openProjections({ store, path });
    try {
      expect(await allAnswers(rebuilt)).toEqual(live);
    } finally {
      await rebuilt.close();
    }
  });

  it('--until shows the ledger as it stood, and stays there until replayed again', async () => {
    const path = join(dir, 'until', 'projections.db');
    await replay({ store, path, until: t(35) });
    const past = await openProjections({ store, path });
    try {
      // Before d35 10:00 the ledger had not heard of ck3's deployment.
      expect(await past.catchUp()).toBe(0);
      const checkout = await past.deployed({ env: 'production', service: 'checkout', at: t(34, 12) });
      expect(checkout.services[0]?.artifactId).toBe(ck2.purl);
    } finally {
      await past.close();
    }
    await replay({ store, path });
    const present = await openProjections({ store, path });
    try {
      const checkout = await present.deployed({ env: 'production', service: 'checkout', at: t(34, 12) });
      expect(checkout.services[0]?.artifactId).toBe(ck3.purl);
      expect(await allAnswers(present)).toEqual(await allAnswers(projections));
    } finally {
      await present.close();
    }
  });
});
