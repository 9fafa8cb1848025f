import { describe, expect, it } from 'vitest';
import { decide, evolve, initialState } from './decider.ts';
import { factOf, originOf } from './ledgerFact.ts';
import { given } from './testing/deciderSpec.ts';
import { pipelineFixture, rebuiltPurl } from './testing/pipelineFixture.ts';
import { snapshotEvent } from './testing/snapshotFixture.ts';

const p = pipelineFixture();
const artifact = { digest: p.digest, nameVersion: 'pkg:oci/checkout@1.4.0' };

describe('decide: given recorded facts, when a fact arrives, then the facts to record', () => {
  it('records a build of an intaken change as the build alone', () => {
    given([p.changeCreated('2026-01-01T10:00:00Z')])
      .when(p.packaged('2026-01-01T10:05:00Z'))
      .then([{ kind: 'build', artifact, changeId: 'PR-7', artifactId: p.purl }]);
  });

  it('records a build of a change never intaken with a STAGE_SKIPPED violation naming the build', () => {
    const build = p.packaged('2026-01-01T10:05:00Z');
    given([])
      .when(build)
      .then([
        { kind: 'build', artifact },
        {
          kind: 'violation',
          offendingEventId: build.context.id,
          rule: 'STAGE_SKIPPED',
          severity: 'high',
          message: 'build recorded but change intake for change PR-7 never was',
        },
      ]);
  });

  it('records a deployment of bytes never built, verified or released with each missing stage', () => {
    given([])
      .when(p.deployed('2026-01-01T10:20:00Z'))
      .thenViolations(['ARTIFACT_NOT_BUILT', 'ARTIFACT_NOT_VERIFIED', 'ARTIFACT_NOT_RELEASED']);
  });

  it('records a clean deployment after change, build, verification and release with no violation', () => {
    given([
      p.changeCreated('2026-01-01T10:00:00Z'),
      p.packaged('2026-01-01T10:05:00Z'),
      p.verified('2026-01-01T10:10:00Z'),
      p.published('2026-01-01T10:15:00Z'),
    ])
      .when(p.deployed('2026-01-01T10:20:00Z'))
      .then([
        { kind: 'deploy', action: 'deployed', target: { environment: 'staging', service: 'checkout' } },
      ]);
  });

  it('reads the latest result of a check: a later pass clears an earlier failure', () => {
    const history = [
      p.changeCreated('2026-01-01T10:00:00Z'),
      p.packaged('2026-01-01T10:05:00Z'),
      p.verified('2026-01-01T10:10:00Z', 'fail'),
      p.published('2026-01-01T10:15:00Z'),
    ];
    given(history).when(p.deployed('2026-01-01T10:20:00Z')).thenViolations(['ARTIFACT_NOT_VERIFIED']);
    given([...history, p.verified('2026-01-01T10:16:00Z', 'pass')])
      .when(p.deployed('2026-01-01T10:20:00Z'))
      .thenViolations([]);
  });

  it('records other bytes built under the same version as ARTIFACT_REBUILT', () => {
    given([p.changeCreated('2026-01-01T10:00:00Z'), p.packaged('2026-01-01T10:05:00Z')])
      .when(p.packaged('2026-01-01T10:06:00Z', 'PR-7', rebuiltPurl('checkout', '1.4.0', 0xdef)))
      .thenViolations(['ARTIFACT_REBUILT']);
  });

  it('asks production deployments for an approval of the same bytes, and not staging ones', () => {
    const released = [
      p.changeCreated('2026-01-01T10:00:00Z'),
      p.packaged('2026-01-01T10:05:00Z'),
      p.verified('2026-01-01T10:10:00Z'),
      p.published('2026-01-01T10:15:00Z'),
    ];
    given(released)
      .when(p.deployed('2026-01-01T10:20:00Z', 'production'))
      .thenViolations(['APPROVAL_MISSING']);
    given([...released, p.approved('2026-01-01T10:18:00Z')])
      .when(p.deployed('2026-01-01T10:20:00Z', 'production'))
      .thenViolations([]);
  });

  it('records a post-deploy verification with no deployment to its target as a skipped stage', () => {
    given([]).when(p.postDeployVerified('2026-01-01T10:25:00Z')).thenViolations(['STAGE_SKIPPED']);
    given([p.deployed('2026-01-01T10:20:00Z')])
      .when(p.postDeployVerified('2026-01-01T10:25:00Z'))
      .thenViolations([]);
  });

  it('records a snapshot seeing other bytes run with a violation naming the drifting service and bytes', () => {
    const manual = `sha256:${'f'.repeat(64)}`;
    const snapshot = snapshotEvent('staging', [['checkout', manual]]);
    given([p.deployed('2026-01-01T10:20:00Z')])
      .when(snapshot)
      .then([
        { kind: 'snapshot', environment: 'staging', complete: true },
        {
          kind: 'violation',
          offendingEventId: snapshot.context.id,
          rule: 'UNRECORDED_RUNTIME_CHANGE',
          target: { environment: 'staging', service: 'checkout' },
          about: { digest: manual },
        },
      ]);
    given([p.deployed('2026-01-01T10:20:00Z')])
      .when(snapshotEvent('staging', [['checkout', p.digest]]))
      .thenViolations([]);
  });

  it('decides without changing the state; evolve folds the recorded fact in', () => {
    const state = initialState();
    const build = p.packaged('2026-01-01T10:05:00Z');
    const stamped = { fact: factOf(build), stamp: { ...originOf(build), position: 0 } };
    decide(state, stamped);
    expect(state.artifacts.size).toBe(0);
    evolve(state, stamped);
    expect([...state.artifacts.keys()].sort()).toEqual([p.digest, artifact.nameVersion].sort());
  });
});
