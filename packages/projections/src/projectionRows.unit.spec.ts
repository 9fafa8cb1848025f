import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@shiplog/store';
import { projectionRows } from './projectionRows.ts';

const digest = `sha256:${'ab'.repeat(32)}`;
const purl = `pkg:oci/shop@${digest}?tag=1.0.0`;
let position = 0;

function recorded(
  type: string,
  subjectId: string,
  content: unknown,
  extra: Record<string, unknown> = {},
): RecordedEvent {
  position += 1;
  const id = `e${position}`;
  const data = JSON.stringify({
    context: { specversion: '0.5.1', id, source: '/ci', type, timestamp: '2026-01-02T03:04:05Z' },
    subject: { id: subjectId, content },
    ...extra,
  });
  return {
    streamId: 's-1',
    revision: 0,
    position,
    id,
    source: '/ci',
    type,
    data,
    producer: 'test',
    recordedAt: '2026-01-03T00:00:00.000Z',
    prevHash: '0',
    streamPrevHash: '0',
    hash: '0',
  };
}

const at = Date.parse('2026-01-02T03:04:05Z');
const recordedMs = Date.parse('2026-01-03T00:00:00Z');

describe('projectionRows', () => {
  it('reads a deployment: target, action, artifact key, both times', () => {
    const record = recorded('dev.cdevents.service.upgraded.0.3.0', 'shop', {
      environment: { id: 'prod' },
      artifactId: purl,
    });
    expect(projectionRows(record)).toEqual([
      expect.objectContaining({
        kind: 'deployment',
        eventId: record.id,
        env: 'prod',
        service: 'shop',
        action: 'upgraded',
        artifactId: purl,
        artifactKey: digest,
        atMs: at,
        recordedMs,
      }),
    ]);
  });

  it('reads a removal with no artifact', () => {
    const rows = projectionRows(
      recorded('dev.cdevents.service.removed.0.3.0', 'shop', { environment: { id: 'prod' } }),
    );
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'deployment', action: 'removed', artifactId: null, artifactKey: null }),
    ]);
  });

  it('files a build under its digest, links it to its change and to its name@version', () => {
    const rows = projectionRows(
      recorded('dev.cdevents.artifact.packaged.0.3.0', purl, { change: { id: 'PR-1' } }),
    );
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'artifactFact', keys: [digest], stage: 'build' }),
      { kind: 'artifactChange', keys: [digest], changeId: 'PR-1' },
      { kind: 'artifactName', nameVersion: 'pkg:oci/shop@1.0.0', digest },
    ]);
  });

  it('reads incidents with the service or artifact they name', () => {
    const rows = projectionRows(
      recorded('dev.cdevents.incident.reported.0.3.0', 'INC-9', {
        environment: { id: 'prod' },
        ticketURI: 'https://t.example/9',
        artifactId: purl,
      }),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'incident',
        incidentId: 'INC-9',
        phase: 'reported',
        env: 'prod',
        service: null,
        artifactKey: digest,
      }),
    ]);
  });

  it('adds a supersession for a correction naming the event it replaces, once the caller vouched for it', () => {
    const correction = recorded(
      'dev.cdevents.service.deployed.0.3.0',
      'shop',
      { environment: { id: 'prod' }, artifactId: purl },
      { customData: { supersedes: 'e0' } },
    );
    const rows = projectionRows(correction, true);
    expect(rows.map((r) => r.kind)).toEqual(['deployment', 'supersession']);
    expect(rows[1]).toMatchObject({ supersededId: 'e0', recordedMs });
    expect(projectionRows(correction).map((r) => r.kind)).toEqual(['deployment']);
  });

  it('reads a violation against the event that broke the rule', () => {
    const rows = projectionRows(
      recorded('dev.cdeventsx.shiplog-policy.violated.0.1.0', 'v1', {
        rule: { code: 'APPROVAL_MISSING', message: 'no approval' },
        severity: 'high',
        offendingEventId: 'e7',
      }),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'violation',
        offendingEventId: 'e7',
        rule: 'APPROVAL_MISSING',
        severity: 'high',
      }),
    ]);
  });

  it('files a recorded exception under its artifact: check, environment, approver, reason, expiry', () => {
    const rows = projectionRows(
      recorded('dev.cdeventsx.shiplog-exception.granted.0.1.0', 'x-1', {
        check: 'accessibility',
        artifact: { purl },
        environment: { id: 'staging' },
        approver: { id: 'alice@example.com' },
        reason: 'contrast fix ships in 1.0.1',
        expiresAt: '2026-04-01T00:00:00Z',
      }),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'artifactFact',
        keys: [digest],
        stage: 'exception',
        detail: {
          check: 'accessibility',
          env: 'staging',
          approver: 'alice@example.com',
          reason: 'contrast fix ships in 1.0.1',
          expiresAt: '2026-04-01T00:00:00Z',
        },
      }),
    ]);
  });

  it('gives no rows for events it does not use or cannot read', () => {
    expect(projectionRows(recorded('dev.cdevents.pipelinerun.queued.0.2.0', 'p', {}))).toEqual([]);
    expect(
      projectionRows({ ...recorded('dev.cdevents.service.deployed.0.3.0', 'x', {}), data: '{not json' }),
    ).toEqual([]);
    const badTime = recorded('dev.cdevents.change.created.0.4.0', 'C', {});
    expect(
      projectionRows({ ...badTime, data: badTime.data.replace('2026-01-02T03:04:05Z', 'tuesday') }),
    ).toEqual([]);
    // A deployment without its environment (not what the contract allows) is skipped, not fatal.
    expect(
      projectionRows(recorded('dev.cdevents.service.deployed.0.3.0', 'shop', { artifactId: purl })),
    ).toEqual([]);
  });
});
