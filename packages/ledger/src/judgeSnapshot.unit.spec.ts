import type { CDEvent } from '@shiplog/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { factOf, originOf } from './ledgerFact.ts';
import { emptyView, evolveView } from './ledgerView.ts';
import type { LedgerView } from './ledgerView.ts';
import { runtimeDrift } from './runtimeDrift.ts';
import { pipelineFixture } from './testing/pipelineFixture.ts';
import { snapshotEvent } from './testing/snapshotFixture.ts';
import { violationEvent } from './violationEvent.ts';
import { defaultLedgerPolicy } from './violations.ts';
import type { Violation } from './violations.ts';

const app = pipelineFixture({ name: 'app', digest: 1 });
const api = pipelineFixture({ name: 'api', digest: 2 });
const manual = `sha256:${'f'.repeat(64)}`;

function viewOf(events: readonly CDEvent[]): LedgerView {
  const view = emptyView();
  events.forEach((event, position) => evolveView(view, factOf(event), { ...originOf(event), position }));
  return view;
}

function judged(view: LedgerView, snapshot: CDEvent): Violation[] {
  return judge(view, factOf(snapshot), originOf(snapshot), defaultLedgerPolicy);
}

const recorded = () =>
  viewOf([
    app.deployed('2026-01-01T10:00:00Z', 'production'),
    api.deployed('2026-01-01T10:00:00Z', 'production'),
  ]);

describe('a snapshot against the deployments recorded there', () => {
  it('finds nothing when what runs is what was recorded', () => {
    const snapshot = snapshotEvent('production', [
      ['app', app.digest],
      ['api', api.digest],
    ]);
    expect(judged(recorded(), snapshot)).toEqual([]);
  });

  it('flags other bytes running than the recorded ones as UNRECORDED_RUNTIME_CHANGE, naming service and digest', () => {
    const snapshot = snapshotEvent('production', [
      ['app', manual],
      ['api', api.digest],
    ]);
    const found = judged(recorded(), snapshot);
    expect(found.map((v) => [v.code, v.target?.service, v.artifact?.digest])).toEqual([
      ['UNRECORDED_RUNTIME_CHANGE', 'app', manual],
    ]);
    expect(found[0]?.message).toContain(app.digest);
  });

  it('flags a service running that no deployment recorded as UNRECORDED_RUNTIME_CHANGE', () => {
    const snapshot = snapshotEvent('production', [
      ['app', app.digest],
      ['api', api.digest],
      ['debug-shell', manual],
    ]);
    expect(judged(recorded(), snapshot).map((v) => [v.code, v.target?.service])).toEqual([
      ['UNRECORDED_RUNTIME_CHANGE', 'debug-shell'],
    ]);
  });

  it('flags a recorded service a complete snapshot does not see as RECORDED_BUT_NOT_RUNNING', () => {
    const snapshot = snapshotEvent('production', [['app', app.digest]]);
    expect(judged(recorded(), snapshot).map((v) => [v.code, v.target?.service])).toEqual([
      ['RECORDED_BUT_NOT_RUNNING', 'api'],
    ]);
  });

  it('judges a partial snapshot (one registry tag) only on the services it names', () => {
    const snapshot = snapshotEvent('production', [['app', app.digest]], { complete: false });
    expect(judged(recorded(), snapshot)).toEqual([]);
  });

  it('reads other environments and removed services as not recorded here', () => {
    const view = viewOf([app.deployed('2026-01-01T10:00:00Z', 'staging')]);
    const snapshot = snapshotEvent('production', [['app', app.digest]]);
    expect(judged(view, snapshot).map((v) => v.code)).toEqual(['UNRECORDED_RUNTIME_CHANGE']);
    expect(judged(view, snapshotEvent('staging', []))).toHaveLength(1);
  });

  it('takes a rollback as what is recorded: the rolled-back-to bytes running is no drift', () => {
    const old = pipelineFixture({ name: 'app', digest: 9 });
    const view = viewOf([
      app.deployed('2026-01-01T10:00:00Z', 'production'),
      old.deployed('2026-01-01T11:00:00Z', 'production'),
    ]);
    expect(judged(view, snapshotEvent('production', [['app', old.digest]]))).toEqual([]);
    expect(judged(view, snapshotEvent('production', [['app', app.digest]])).map((v) => v.code)).toEqual([
      'UNRECORDED_RUNTIME_CHANGE',
    ]);
  });

  it('gives each drifting service its own violation event (its own id), the same on a retry', () => {
    const snapshot = snapshotEvent('production', [['debug-shell', manual]]);
    const found = judged(recorded(), snapshot);
    const events = found.map((v) => violationEvent(snapshot, factOf(snapshot), v));
    const ids = events.map((e) => e.context.id);
    expect(new Set(ids).size).toBe(3);
    expect(events.map((e) => e.subject.content.service?.id).sort()).toEqual(['api', 'app', 'debug-shell']);
    expect(found.map((v) => violationEvent(snapshot, factOf(snapshot), v).context.id)).toEqual(ids);
  });
});

describe('runtimeDrift', () => {
  it('compares by digest, in both directions', () => {
    expect(runtimeDrift({ recorded: [app.digest], observed: [app.digest], complete: true })).toBeNull();
    expect(runtimeDrift({ recorded: [app.digest], observed: [app.digest, manual], complete: true })).toBe(
      'UNRECORDED_RUNTIME_CHANGE',
    );
    expect(runtimeDrift({ recorded: undefined, observed: [manual], complete: false })).toBe(
      'UNRECORDED_RUNTIME_CHANGE',
    );
    expect(runtimeDrift({ recorded: [app.digest], observed: [], complete: true })).toBe(
      'RECORDED_BUT_NOT_RUNNING',
    );
    expect(runtimeDrift({ recorded: [app.digest], observed: [], complete: false })).toBeNull();
    expect(runtimeDrift({ recorded: undefined, observed: [], complete: true })).toBeNull();
  });
});

// The pipeline fixture's digest for a number: `sha256:` and the number in hex, zero-padded.
const digestNumbers = [1, 2, 3, 4];
const digestArb = fc.constantFrom(...digestNumbers.map((n) => pipelineFixture({ digest: n }).digest));
const serviceArb = fc.constantFrom('app', 'api', 'web', 'worker', 'debug');

describe('any recorded deployments against any snapshot', () => {
  it('gives each service at most one violation, drift exactly where the digests disagree', () => {
    fc.assert(
      fc.property(
        fc.dictionary(serviceArb, digestArb),
        fc.array(fc.tuple(serviceArb, digestArb), { maxLength: 8 }),
        fc.boolean(),
        (recorded, observed, complete) => {
          const view = viewOf(
            Object.entries(recorded).map(([service, digest]) =>
              pipelineFixture({ name: service, digest: Number.parseInt(digest.slice(7), 16) }).deployed(
                '2026-01-01T10:00:00Z',
                'production',
              ),
            ),
          );
          const found = judged(view, snapshotEvent('production', observed, { complete }));
          const services = found.map((v) => v.target?.service);
          expect(new Set(services).size).toBe(services.length);
          for (const service of new Set([...Object.keys(recorded), ...observed.map(([s]) => s)])) {
            const seen = observed.filter(([s]) => s === service).map(([, d]) => d);
            const want = recorded[service];
            const expected =
              seen.length === 0
                ? want !== undefined && complete
                  ? 'RECORDED_BUT_NOT_RUNNING'
                  : undefined
                : seen.every((d) => d === want)
                  ? undefined
                  : 'UNRECORDED_RUNTIME_CHANGE';
            expect(found.find((v) => v.target?.service === service)?.code).toBe(expected);
          }
        },
      ),
    );
  });
});
