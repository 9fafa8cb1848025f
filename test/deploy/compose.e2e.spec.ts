import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  composeSchemaValidator,
  interpolatedVariables,
  longRunning,
  natsUsers,
  readComposeFile,
  repoRoot,
  runShiplog,
} from './composeFile.ts';
import type { ComposeFile, ComposeService } from './composeFile.ts';

const shiplogImage = 'shiplog:0.1.0';

/** What Compose would pass with every variable set: defaults kept, required ones given a value. */
function resolved(environment: Readonly<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      String(value).replace(
        /\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g,
        (_, v: string, d?: string) => d ?? `x-${v}`,
      ),
    ]),
  );
}

/** A local port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe('docker-compose.yml (the production topology)', () => {
  let text: string;
  let document: unknown;
  let compose: ComposeFile;
  let shiplogServices: [string, ComposeService][];
  beforeAll(async () => {
    ({ text, document } = await readComposeFile());
    compose = document as ComposeFile;
    shiplogServices = Object.entries(compose.services).filter(
      ([, s]) => s.image === shiplogImage && longRunning(s),
    );
  });

  it('is a valid Compose file by the Compose Specification schema', async () => {
    const validate = await composeSchemaValidator();
    expect(validate(document)).toEqual([]);
  });

  it('fails the schema check when a service is misspelt or waits on an unknown condition', async () => {
    const validate = await composeSchemaValidator();
    const broken = structuredClone(document) as { services: Record<string, Record<string, unknown>> };
    broken.services.ingest = { ...broken.services.ingest, replica: 2 };
    broken.services.api = {
      ...broken.services.api,
      depends_on: { eventstore: { condition: 'service_ready' } },
    };
    const paths = validate(broken).map((e) => e.instancePath);
    expect(paths).toContain('/services/ingest');
    expect(paths).toContain('/services/api/depends_on/eventstore/condition');
  });

  it('runs ingest twice, every worker kind `shiplog serve --help` lists, the checkpoint signer and the API, from one image', async () => {
    const help = await runShiplog(['serve', '--help'], {});
    expect(help.code).toBe(0);
    const kinds = /worker <([a-z]+(?:\|[a-z]+)+)>/.exec(help.stdout)?.[1]?.split('|') ?? [];
    expect(kinds.length).toBeGreaterThan(0);
    const commands = shiplogServices.map(([, s]) => (s.command ?? []).join(' ')).sort();
    expect(commands).toEqual(
      [
        'serve api',
        'serve checkpoint',
        'serve ingest',
        ...kinds.map((kind) => `serve worker ${kind}`),
      ].sort(),
    );
    expect(compose.services.ingest?.deploy?.replicas).toBe(2);
    const dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "services\/cli\/bin\/shiplog\.js"\]$/m);
  });

  it('gives each service a command the shiplog CLI accepts (a config error, never a usage error)', async () => {
    for (const [name, service] of shiplogServices) {
      const run = await runShiplog([...(service.command ?? [])], {});
      expect({ name, code: run.code, usage: run.stderr.includes('usage:') }).toEqual({
        name,
        code: 1,
        usage: false,
      });
    }
  });

  it('gives every service settings it accepts: it gets as far as connecting to the store', async () => {
    // The container's addresses and files, moved to this machine: servers that refuse, real files.
    const here = await mkdtemp(join(tmpdir(), 'shiplog-compose-'));
    try {
      const closed = await closedPort();
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await writeFile(join(here, 'signing-key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await writeFile(join(here, 'api-tokens'), `auditor:auditor:${'0'.repeat(64)}\n`);
      for (const file of ['tls-ca', 'tls-cert', 'tls-key']) await writeFile(join(here, file), 'PEM\n');
      for (const [name, service] of shiplogServices) {
        const env = Object.fromEntries(
          Object.entries(resolved(service.environment)).map(([k, v]) => [
            k,
            v
              .replace(/\/\/(eventstore:2113|nats:4222)/, `//127.0.0.1:${closed}`)
              .replace(/^\/run\/secrets\//, `${here}/`)
              .replace(/^\/var\/lib\/shiplog\//, `${here}/`),
          ]),
        );
        const run = await runShiplog([...(service.command ?? [])], env, here);
        expect({ name, code: run.code, stderr: run.stderr.trim() }).toEqual({
          name,
          code: 1,
          stderr: 'shiplog serve: reading the ledger: EventStoreDB is unavailable',
        });
      }
    } finally {
      await rm(here, { recursive: true, force: true });
    }
  });

  it('uses only variables README.md documents', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    const undocumented = interpolatedVariables(text).filter((v) => !new RegExp(`\\b${v}\\b`).test(readme));
    expect(interpolatedVariables(text).length).toBeGreaterThan(0);
    expect(undocumented).toEqual([]);
  });

  it('starts each service after what it depends on is healthy, and every long-running one has a healthcheck', () => {
    // nats (a scratch image: nothing to run a check with) is checked by the one-shot nats-ready.
    const checkedByOthers = new Set(['nats']);
    for (const [name, service] of Object.entries(compose.services)) {
      if (longRunning(service) || (service.image !== shiplogImage && !checkedByOthers.has(name))) {
        expect(service.healthcheck?.test?.length, `${name} healthcheck`).toBeGreaterThan(0);
      } else {
        expect(service.healthcheck?.disable, `${name} healthcheck`).toBe(true);
      }
      for (const [target, dependency] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(compose.services), `${name} depends on ${target}`).toContain(target);
        const wanted =
          target === 'nats-ready'
            ? 'service_completed_successfully'
            : checkedByOthers.has(target)
              ? 'service_started'
              : 'service_healthy';
        expect(dependency.condition, `${name} → ${target}`).toBe(wanted);
      }
    }
    // Whatever uses NATS waits for nats-ready; only nats-ready itself waits on nats.
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'nats-ready' || service.environment?.SHIPLOG_NATS_URL === undefined) continue;
      if (service.profiles !== undefined) continue;
      expect(Object.keys(service.depends_on ?? {}), name).toContain('nats-ready');
    }
    for (const [name, service] of shiplogServices) {
      expect(service.environment?.SHIPLOG_STORE, name).toBe('esdb://eventstore:2113?tls=false');
    }
  });

  it('logs ingest and workers in as the NATS users of deploy/nats/shiplog.conf, with its password variables', async () => {
    const users = await natsUsers();
    expect([...users.keys()].sort()).toEqual(['admin', 'emitter', 'ingest', 'release', 'worker']);
    const nats = compose.services.nats?.environment ?? {};
    for (const variable of users.values()) expect(nats[variable], variable).toMatch(`\${${variable}:?`);
    const roles = Object.fromEntries(
      shiplogServices.map(([name, s]) => [name, s.environment?.SHIPLOG_NATS_USER ?? null]),
    );
    expect(roles).toEqual({
      ingest: 'ingest',
      'worker-build': 'worker',
      'worker-sbom': 'worker',
      'worker-sign': 'worker',
      checkpoint: null,
      api: null,
    });
    for (const [name, service] of shiplogServices.filter(([, s]) => s.environment?.SHIPLOG_NATS_USER)) {
      const variable = users.get(service.environment?.SHIPLOG_NATS_USER ?? '') ?? 'none';
      expect(service.environment?.SHIPLOG_NATS_PASSWORD, name).toMatch(`\${${variable}:?`);
    }
  });

  it('shares one artifact store between the workers and mounts the secrets it names', () => {
    for (const [name, service] of shiplogServices.filter(([n]) => n.startsWith('worker-'))) {
      expect(service.volumes, name).toContain(`artifacts:${service.environment?.SHIPLOG_ARTIFACTS_DIR}`);
    }
    const api = compose.services.api;
    expect(api?.secrets).toContain('api-tokens');
    expect(api?.environment?.SHIPLOG_API_TOKENS_FILE).toBe('/run/secrets/api-tokens');
    expect(api?.environment?.SHIPLOG_API_HOST).toBe('0.0.0.0');
    expect(compose.services['worker-sign']?.secrets).toContain('signing-key');
    expect(compose.secrets?.['api-tokens']?.file).toBe('./deploy/secrets/api-tokens');
  });
});
