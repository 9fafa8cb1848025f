// The hand-written audit scenario: three services, two environments, six weeks (2026-01-05 to
// 2026-02-16), with canaries, rollbacks, incidents, a late report and a correction. Every figure
// the tests expect is worked out by hand in auditScenario.e2e.spec.ts from the timeline below.
import { buildEvent } from '@shiplog/sdk';
import type { CDEvent, KnownEventType } from '@shiplog/events';

const START_MS = Date.parse('2026-01-05T00:00:00Z');
/** Day `day` of the scenario (day 0 = Monday 2026-01-05) at hh:mm UTC. */
export function t(day: number, hh = 0, mm = 0): string {
  return new Date(START_MS + ((day * 24 + hh) * 60 + mm) * 60_000).toISOString();
}

export const digestOf = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
export const purlOf = (service: string, version: string, digest: number): string =>
  `pkg:oci/${service}@${digestOf(digest)}?tag=${version}`;

/** One event and when the ledger records it (its own timestamp, unless reported late). */
export interface Reported {
  readonly event: CDEvent;
  readonly recordedAt: string;
}

const SOURCE = '/ci/acme';

function make<T extends KnownEventType>(
  type: T,
  id: string,
  at: string,
  subjectId: string,
  content: Record<string, unknown>,
  customData?: Record<string, unknown>,
): CDEvent {
  return buildEvent(type, {
    id,
    source: SOURCE,
    timestamp: at,
    subjectId,
    content: content as never,
    ...(customData === undefined ? {} : { customData }),
  });
}

/** An artifact of one service: its purl, digest and the events about it. */
export function artifact(service: string, version: string, digest: number) {
  const purl = purlOf(service, version, digest);
  const ref = { digest: digestOf(digest), purl };
  const id = (step: string): string => `${service}-${version}-${step}`;
  const env = (e: string) => ({ environment: { id: e } });
  return {
    purl,
    digest: digestOf(digest),
    changeCreated: (change: string, at: string) =>
      make('dev.cdevents.change.created.0.4.0', `${change}-created`, at, change, {
        repository: { id: `acme/${service}` },
      }),
    changeMerged: (change: string, at: string) =>
      make('dev.cdevents.change.merged.0.3.0', `${change}-merged`, at, change, {
        repository: { id: `acme/${service}` },
      }),
    packaged: (change: string, at: string) =>
      make('dev.cdevents.artifact.packaged.0.3.0', id('packaged'), at, purl, {
        change: { id: change },
        sbom: { uri: `https://sbom.acme.example/${service}/${version}.cdx.json` },
      }),
    verified: (at: string, outcome: 'pass' | 'fail' = 'pass') =>
      make('dev.cdeventsx.shiplog-verification.finished.0.1.0', id(`verified-${outcome}`), at, id('tests'), {
        kind: 'tests',
        outcome,
        artifact: ref,
      }),
    sbom: (at: string) =>
      make('dev.cdeventsx.shiplog-sbom.generated.0.1.0', id('sbom'), at, id('sbom'), {
        artifact: ref,
        sbom: {
          digest: digestOf(digest + 0x5b0),
          format: 'CycloneDX',
          specVersion: '1.6',
          location: `https://sbom.acme.example/${service}/${version}.cdx.json`,
          componentCount: 42,
        },
      }),
    signed: (at: string) =>
      make('dev.cdevents.artifact.signed.0.3.0', id('signed'), at, purl, {
        signature: `sig-${service}-${version}`,
      }),
    published: (at: string) => make('dev.cdevents.artifact.published.0.3.0', id('published'), at, purl, {}),
    approved: (at: string, environment = 'production') =>
      make(
        'dev.cdeventsx.shiplog-approval.granted.0.1.0',
        id(`approved-${environment}`),
        at,
        id('approval'),
        {
          approver: { id: 'alice' },
          environment: { id: environment },
          artifact: ref,
        },
      ),
    gate: (at: string, environment = 'production') =>
      make('dev.cdeventsx.shiplog-gate.decided.0.1.0', id(`gate-${environment}`), at, id('gate'), {
        gateId: id(`gate-${environment}`),
        stage: 'deploy',
        environment: { id: environment },
        service: { id: service },
        artifact: ref,
        decision: 'allow',
        reasons: [],
        policy: { id: 'default', digest: digestOf(0xd0c) },
        evidence: [],
      }),
    deployed: (
      at: string,
      environment: string,
      step = `deployed-${environment}`,
      customData?: Record<string, unknown>,
    ) =>
      make(
        'dev.cdevents.service.deployed.0.3.0',
        id(step),
        at,
        service,
        { ...env(environment), artifactId: purl },
        customData,
      ),
    upgraded: (at: string, environment: string) =>
      make('dev.cdevents.service.upgraded.0.3.0', id(`upgraded-${environment}`), at, service, {
        ...env(environment),
        artifactId: purl,
      }),
    /** A rollback to this artifact. */
    rolledBackTo: (at: string, environment: string) =>
      make('dev.cdevents.service.rolledback.0.3.0', id(`rolledback-to-${environment}`), at, service, {
        ...env(environment),
        artifactId: purl,
      }),
    postDeployVerified: (at: string, environment: string) =>
      make(
        'dev.cdeventsx.shiplog-deployment.verified.0.1.0',
        id(`checked-${environment}`),
        at,
        id('checks'),
        {
          ...env(environment),
          service: { id: service },
          artifact: ref,
          outcome: 'pass',
          checks: [{ name: 'health', kind: 'health', outcome: 'pass' }],
        },
      ),
    completed: (at: string, environment: string) =>
      make(
        'dev.cdeventsx.shiplog-deployment.completed.0.1.0',
        id(`completed-${environment}`),
        at,
        id('done'),
        {
          ...env(environment),
          service: { id: service },
          artifact: ref,
          outcome: 'success',
        },
      ),
  };
}

export function incident(
  id: string,
  phase: 'detected' | 'reported' | 'resolved',
  at: string,
  environment: string,
  names: { service?: string; artifactId?: string },
): CDEvent {
  const type = `dev.cdevents.incident.${phase}.0.3.0` as const;
  return make(type, `${id}-${phase}`, at, id, {
    environment: { id: environment },
    ...(phase === 'reported' ? { ticketURI: `https://tickets.acme.example/${id}` } : {}),
    ...(names.service === undefined ? {} : { service: { id: names.service } }),
    ...(names.artifactId === undefined ? {} : { artifactId: names.artifactId }),
  });
}

export function removed(service: string, environment: string, at: string): CDEvent {
  return make('dev.cdevents.service.removed.0.3.0', `${service}-removed-${environment}`, at, service, {
    environment: { id: environment },
  });
}

export const ck1 = artifact('checkout', '1.0.0', 0xc1);
export const ck2 = artifact('checkout', '1.1.0', 0xc2);
export const ck3 = artifact('checkout', '1.2.0', 0xc3);
export const ck4 = artifact('checkout', '1.3.0', 0xc4);
export const pay1 = artifact('payments', '2.0.0', 0xa1);
export const pay2 = artifact('payments', '2.1.0', 0xa2);
export const pay3 = artifact('payments', '2.2.0', 0xa3);
export const pay4 = artifact('payments', '2.3.0', 0xa4);
export const se1 = artifact('search', '3.0.0', 0x51);
export const se2 = artifact('search', '3.1.0', 0x52);
export const se3 = artifact('search', '3.2.0', 0x53);

/** The id of pay4's first (wrong) production report and of its correction. */
export const PAY4_REPORT = 'payments-2.3.0-deployed-production';
export const PAY4_CORRECTION = 'payments-2.3.0-deployed-production-corrected';
/** The late report: ck3 reached production on day 33, the ledger hears of it on day 35. */
export const CK3_LATE = 'checkout-1.2.0-deployed-production';

type Art = ReturnType<typeof artifact>;

// The usual path to staging: change, build, tests, release, staging deploy and its checks.
function toStaging(a: Art, change: string, changeAt: string, buildDay: number, merged = false): CDEvent[] {
  return [
    merged ? a.changeMerged(change, changeAt) : a.changeCreated(change, changeAt),
    a.packaged(change, t(buildDay, 1)),
    a.verified(t(buildDay, 2)),
    a.published(t(buildDay, 3)),
    a.deployed(t(buildDay, 4), 'staging'),
    a.postDeployVerified(t(buildDay, 5), 'staging'),
  ];
}

/** The whole scenario, in the order the ledger records it. */
export function scenario(): Reported[] {
  const onTime = (events: CDEvent[]): Reported[] =>
    events.map((event) => ({ event, recordedAt: event.context.timestamp }));
  const reports: Reported[] = [
    // Before the DORA window (days 0-11): the first release of each service.
    ...onTime(toStaging(ck1, 'C1', t(0, 0), 0)),
    ...onTime([ck1.approved(t(1, 9)), ck1.deployed(t(1, 10), 'production')]),
    ...onTime(toStaging(pay1, 'P1', t(1, 0), 1)),
    ...onTime([pay1.approved(t(2, 9)), pay1.deployed(t(2, 10), 'production')]),
    ...onTime(toStaging(se1, 'S1', t(2, 0), 2)),
    ...onTime([se1.approved(t(3, 9)), se1.deployed(t(3, 10), 'production')]),
    ...onTime([incident('INC-0', 'detected', t(5, 8), 'production', { service: 'search' })]),
    ...onTime([incident('INC-0', 'resolved', t(5, 9), 'production', { service: 'search' })]),
    // checkout 1.1.0: change C2 opened day 10 09:00; canary day 14 10:00, full rollout 16:00.
    ...onTime(toStaging(ck2, 'C2', t(10, 9), 12)),
    ...onTime([
      ck2.approved(t(14, 9)),
      ck2.deployed(t(14, 10), 'production'),
      ck2.upgraded(t(14, 16), 'production'),
    ]),
    // An incident in staging: never counted for production.
    ...onTime([incident('INC-S', 'detected', t(15, 8), 'staging', { service: 'checkout' })]),
    ...onTime([incident('INC-S', 'resolved', t(15, 9), 'staging', { service: 'checkout' })]),
    // search restarts the same 3.0.0 bytes (no approval: the ledger flags it).
    ...onTime([se1.upgraded(t(16, 10), 'production')]),
    // payments 2.1.0: change P2 opened day 18 10:00, deployed day 20 10:00, incident at 12:00,
    // rolled back to 2.0.0 at 13:00, incident resolved 14:00.
    ...onTime(toStaging(pay2, 'P2', t(18, 10), 19)),
    ...onTime([pay2.approved(t(20, 9)), pay2.deployed(t(20, 10), 'production')]),
    ...onTime([incident('INC-1', 'detected', t(20, 12), 'production', { service: 'payments' })]),
    ...onTime([pay1.rolledBackTo(t(20, 13), 'production')]),
    ...onTime([incident('INC-1', 'resolved', t(20, 14), 'production', { service: 'payments' })]),
    // payments 2.2.0: change P3 has only a merge (day 20 22:00); deployed day 22 10:00.
    ...onTime(toStaging(pay3, 'P3', t(20, 22), 21, true)),
    ...onTime([pay3.deployed(t(22, 10), 'production')]), // no approval: APPROVAL_MISSING
    // search 3.1.0: change S2 opened day 23 04:00; deployed day 25 10:00; INC-2 names the artifact.
    ...onTime(toStaging(se2, 'S2', t(23, 4), 24)),
    ...onTime([se2.approved(t(25, 9)), se2.deployed(t(25, 10), 'production')]),
    ...onTime([incident('INC-2', 'detected', t(27, 9), 'production', { artifactId: se2.purl })]),
    ...onTime([incident('INC-2', 'resolved', t(27, 10, 30), 'production', { artifactId: se2.purl })]),
    // search 3.2.0: change S3 opened day 28 10:00; upgraded day 30 10:00.
    ...onTime(toStaging(se3, 'S3', t(28, 10), 29)),
    ...onTime([se3.approved(t(30, 9)), se3.upgraded(t(30, 10), 'production')]),
    // INC-4, reported (not detected) day 31 08:00 against payments, resolved 12:00.
    ...onTime([incident('INC-4', 'reported', t(31, 8), 'production', { service: 'payments' })]),
    ...onTime([incident('INC-4', 'resolved', t(31, 12), 'production', { service: 'payments' })]),
    // checkout 1.2.0: change C3 opened day 31 10:00, deployed day 33 10:00 — reported day 35 10:00.
    ...onTime(toStaging(ck3, 'C3', t(31, 10), 32)),
    ...onTime([ck3.approved(t(33, 9))]),
    { event: ck3.deployed(t(33, 10), 'production'), recordedAt: t(35, 10) },
    // payments 2.3.0: change P4 opened day 35 20:00; reported day 37 10:00 as deployed at 09:00,
    // corrected day 38 10:00: it really went out day 36 15:00.
    ...onTime(toStaging(pay4, 'P4', t(35, 20), 36)),
    ...onTime([pay4.approved(t(36, 14))]),
    { event: pay4.deployed(t(37, 9), 'production'), recordedAt: t(37, 10) },
    {
      event: pay4.deployed(t(36, 15), 'production', 'deployed-production-corrected', {
        supersedes: PAY4_REPORT,
      }),
      recordedAt: t(38, 10),
    },
    // checkout 1.3.0, the full chain: change C4 opened day 39 22:00; canary day 40 10:00,
    // rolled back to 1.2.0 at 11:30; INC-3 opened day 41 08:00, still open.
    ...onTime([
      ck4.changeCreated('C4', t(39, 22)),
      ck4.packaged('C4', t(40, 1)),
      ck4.verified(t(40, 2)),
      ck4.sbom(t(40, 2, 10)),
      ck4.signed(t(40, 2, 20)),
      ck4.published(t(40, 3)),
      ck4.deployed(t(40, 4), 'staging'),
      ck4.postDeployVerified(t(40, 5), 'staging'),
      ck4.approved(t(40, 9)),
      ck4.gate(t(40, 9, 30)),
      ck4.deployed(t(40, 10), 'production'),
      ck3.rolledBackTo(t(40, 11, 30), 'production'),
    ]),
    ...onTime([incident('INC-3', 'detected', t(41, 8), 'production', { service: 'checkout' })]),
    // search leaves staging on day 41.
    ...onTime([removed('search', 'staging', t(41, 10))]),
  ];
  return [...reports].sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
}

/** "Now" for the scenario's DORA defaults: day 42 00:00, so the last 30 days are [day 12, day 42). */
export const NOW = t(42);
