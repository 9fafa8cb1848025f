import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { factOf, originOf } from './ledgerFact.ts';
import { emptyView, evolveView } from './ledgerView.ts';
import { pipelineFixture, rebuiltPurl } from './testing/pipelineFixture.ts';
import { defaultLedgerPolicy } from './violations.ts';

/** Judges each event against those before it, as the recorder does; returns the codes per event. */
function run(events: readonly CDEvent[]): string[][] {
  const view = emptyView();
  return events.map((event, position) => {
    const fact = factOf(event);
    const codes = judge(view, fact, originOf(event), defaultLedgerPolicy).map((v) => v.code);
    evolveView(view, fact, { ...originOf(event), position });
    return codes;
  });
}

const last = (codes: string[][]): string[] => codes[codes.length - 1] ?? [];
const p = pipelineFixture();

function cleanUntilRelease(): CDEvent[] {
  return [
    p.changeCreated('2026-01-01T10:00:00Z'),
    p.packaged('2026-01-01T10:05:00Z'),
    p.verified('2026-01-01T10:10:00Z'),
    p.published('2026-01-01T10:15:00Z'),
  ];
}

describe('the seven-stage contract', () => {
  it('finds nothing wrong with a clean pipeline through production', () => {
    const codes = run([
      ...cleanUntilRelease(),
      p.deployed('2026-01-01T10:20:00Z', 'staging'),
      p.postDeployVerified('2026-01-01T10:25:00Z', 'staging'),
      p.completed('2026-01-01T10:30:00Z', 'staging'),
      p.approved('2026-01-01T10:35:00Z', 'production'),
      p.deployed('2026-01-01T10:40:00Z', 'production'),
      p.postDeployVerified('2026-01-01T10:45:00Z', 'production'),
      p.completed('2026-01-01T10:50:00Z', 'production'),
    ]);
    expect(codes.flat()).toEqual([]);
  });

  it('flags a deployment of an artifact with no build record', () => {
    expect(last(run([p.deployed('2026-01-01T10:20:00Z')]))).toContain('ARTIFACT_NOT_BUILT');
  });

  it('flags a deployment with no passing verification, naming the failing check', () => {
    const events = [
      p.changeCreated('2026-01-01T10:00:00Z'),
      p.packaged('2026-01-01T10:05:00Z'),
      p.verified('2026-01-01T10:10:00Z', 'fail', 'secret-scan'),
    ];
    const codes = last(run([...events, p.deployed('2026-01-01T10:20:00Z')]));
    expect(codes).toContain('ARTIFACT_NOT_VERIFIED');
  });

  it('lets a later passing run of the same check replace a failure', () => {
    const codes = run([
      ...cleanUntilRelease(),
      p.verified('2026-01-01T10:16:00Z', 'fail', 'coverage'),
      p.verified('2026-01-01T10:17:00Z', 'pass', 'coverage'),
      p.deployed('2026-01-01T10:20:00Z'),
    ]);
    expect(last(codes)).toEqual([]);
  });

  it('flags a deployment of an artifact never released', () => {
    const codes = run([
      p.changeCreated('2026-01-01T10:00:00Z'),
      p.packaged('2026-01-01T10:05:00Z'),
      p.verified('2026-01-01T10:10:00Z'),
      p.deployed('2026-01-01T10:20:00Z'),
    ]);
    expect(last(codes)).toEqual(['ARTIFACT_NOT_RELEASED']);
  });

  it('flags skipped stages: a build without change intake, a release without verification', () => {
    const codes = run([p.packaged('2026-01-01T10:05:00Z'), p.published('2026-01-01T10:15:00Z')]);
    expect(codes).toEqual([['STAGE_SKIPPED'], ['STAGE_SKIPPED']]);
  });

  it('flags completion without post-deploy verification', () => {
    const codes = run([
      ...cleanUntilRelease(),
      p.deployed('2026-01-01T10:20:00Z'),
      p.completed('2026-01-01T10:30:00Z'),
    ]);
    expect(last(codes)).toEqual(['STAGE_SKIPPED']);
  });

  it('flags reordered stages: deployed before the release it needs', () => {
    const codes = run([...cleanUntilRelease(), p.deployed('2026-01-01T10:12:00Z')]);
    expect(last(codes)).toEqual(['STAGE_REORDERED']);
  });

  it('flags merged stages: one job reporting release and deploy at the same instant', () => {
    const events = cleanUntilRelease().slice(0, 3);
    const codes = run([
      ...events,
      p.published('2026-01-01T10:15:00Z', '/ci/release-and-deploy'),
      p.deployed('2026-01-01T10:15:00Z', 'staging', p.purl, '/ci/release-and-deploy'),
    ]);
    expect(last(codes)).toEqual(['STAGE_MERGED']);
  });

  it('flags bytes rebuilt instead of promoted between build and deploy', () => {
    const other = rebuiltPurl('checkout', '1.4.0', 0xdef);
    const codes = run([...cleanUntilRelease(), p.deployed('2026-01-01T10:20:00Z', 'staging', other)]);
    expect(last(codes)).toEqual(expect.arrayContaining(['ARTIFACT_REBUILT', 'ARTIFACT_NOT_BUILT']));
  });

  it('flags a production deployment without a recorded approval', () => {
    const codes = run([...cleanUntilRelease(), p.deployed('2026-01-01T10:20:00Z', 'production')]);
    expect(last(codes)).toEqual(['APPROVAL_MISSING']);
  });

  it('does not ask for approval where policy does not', () => {
    const codes = run([...cleanUntilRelease(), p.deployed('2026-01-01T10:20:00Z', 'staging')]);
    expect(last(codes)).toEqual([]);
  });
});
