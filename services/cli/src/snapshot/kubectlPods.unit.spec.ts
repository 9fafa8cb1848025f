import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { codeOf as eventsCodeOf } from '@shiplog/events/testing';
import { describe, expect, it } from 'vitest';
import { kubectlObservations } from './kubectlPods.ts';
import { mergeObservations } from './observation.ts';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'kubectl-get-pods.json'), 'utf8'),
) as unknown;
const A = `sha256:${'a1'.repeat(32)}`;
const B = `sha256:${'b2'.repeat(32)}`;
const where = 'pods.json';

const codeOf = (run: () => unknown) => eventsCodeOf(Promise.resolve().then(run));

describe('kubectl get pods -o json', () => {
  it('reads the running pods of the fixture by imageID digest, services from app.kubernetes.io/name then app', () => {
    const seen = mergeObservations(kubectlObservations(fixture, { where }));
    expect(seen.map((o) => [o.service, o.digest, o.instances])).toEqual([
      ['api', B, 1],
      ['app', A, 2],
    ]);
  });

  it('reads one Pod as well as a List', () => {
    const one = (fixture as { items: unknown[] }).items[2];
    expect(kubectlObservations(one, { where }).map((o) => o.service)).toEqual(['api']);
  });

  it('names a sidecar and a kubectl debug container <service>/<container>', () => {
    const pod = {
      metadata: { name: 'app-1', labels: { app: 'app' } },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', imageID: `r/app@${A}` },
          { name: 'istio-proxy', imageID: `r/proxy@${B}` },
        ],
        ephemeralContainerStatuses: [{ name: 'debugger', imageID: `busybox@${B}`, state: { running: {} } }],
      },
    };
    expect(kubectlObservations(pod, { where }).map((o) => o.service)).toEqual([
      'app',
      'app/istio-proxy',
      'app/debugger',
    ]);
  });

  it('refuses a pod that no label names, a container without a digest, and what is not a pod list, by code', async () => {
    const unlabelled = {
      items: [{ metadata: { name: 'x' }, status: { phase: 'Running', containerStatuses: [] } }],
    };
    expect(await codeOf(() => kubectlObservations(unlabelled, { where }))).toBe('SNAPSHOT_SERVICE_UNKNOWN');
    const tagOnly = {
      metadata: { name: 'x', labels: { app: 'x' } },
      status: { phase: 'Running', containerStatuses: [{ name: 'x', image: 'x:latest', imageID: '' }] },
    };
    expect(await codeOf(() => kubectlObservations(tagOnly, { where }))).toBe('SNAPSHOT_DIGEST_MISSING');
    expect(await codeOf(() => kubectlObservations({ kind: 'Deployment' }, { where }))).toBe(
      'SNAPSHOT_INPUT_MALFORMED',
    );
    const labelled = {
      items: [{ ...unlabelled.items[0], metadata: { name: 'x', labels: { team: 'shop' } } }],
    };
    expect(kubectlObservations(labelled, { where, serviceLabels: ['team'] })).toEqual([]);
  });
});

const hex = fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `sha256:${h}`);
const name = fc.constantFrom('app', 'api', 'web', 'worker');
const container = fc.record({
  name: fc.constantFrom('main', 'sidecar', 'app', 'api'),
  digest: hex,
  form: fc.constantFrom('docker-pullable://ghcr.io/acme/x@', 'ghcr.io/acme/x@', 'docker.io/library/x@'),
  running: fc.boolean(),
});
const pod = fc.record({
  service: name,
  label: fc.constantFrom('app.kubernetes.io/name', 'app'),
  phase: fc.constantFrom('Running', 'Running', 'Pending', 'Succeeded', 'Failed'),
  containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
});

describe('any list of pods', () => {
  it('maps each running container of each running pod to its service and its imageID digest', () => {
    fc.assert(
      fc.property(fc.array(pod, { maxLength: 8 }), (pods) => {
        const document = {
          kind: 'List',
          items: pods.map((p, i) => ({
            metadata: { name: `pod-${i}`, labels: { [p.label]: p.service } },
            status: {
              phase: p.phase,
              containerStatuses: p.containers.map((c) => ({
                name: c.name,
                imageID: `${c.form}${c.digest}`,
                state: c.running ? { running: { startedAt: '2026-12-01T00:00:00Z' } } : { waiting: {} },
              })),
            },
          })),
        };
        const expected = pods
          .filter((p) => p.phase === 'Running')
          .flatMap((p) => {
            const running = p.containers.filter((c) => c.running);
            return running.map((c) => [
              running.length === 1 || c.name === p.service ? p.service : `${p.service}/${c.name}`,
              c.digest,
            ]);
          });
        const seen = kubectlObservations(document, { where }).map((o) => [o.service, o.digest]);
        expect(seen).toEqual(expected);
      }),
    );
  });
});
