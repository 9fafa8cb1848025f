import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { codeOf as eventsCodeOf } from '@shiplog/events/testing';
import { describe, expect, it } from 'vitest';
import { digestListObservations } from './digestList.ts';
import { dockerObservations } from './dockerInspect.ts';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'docker-inspect.json'), 'utf8'),
) as unknown;
const A = `sha256:${'a1'.repeat(32)}`;
const B = `sha256:${'b2'.repeat(32)}`;

const codeOf = (run: () => unknown) => eventsCodeOf(Promise.resolve().then(run));

describe('docker inspect', () => {
  it('reads the running containers by the digest their image reference pins, services from the compose label', () => {
    expect(dockerObservations(fixture, { where: 'f' }).map((o) => [o.service, o.digest])).toEqual([
      ['app', A],
      ['api', B],
    ]);
  });

  it('falls back to RepoDigests, then the image id; and to the container name for the service', () => {
    const containers = [
      {
        Name: '/web',
        State: { Running: true },
        Image: `sha256:${'0'.repeat(64)}`,
        RepoDigests: [`r/web@${A}`],
        Config: { Image: 'r/web:2' },
      },
      {
        Name: '/job',
        State: { Status: 'running' },
        Image: B,
        Config: { Image: 'r/job:latest', Labels: null },
      },
    ];
    expect(dockerObservations(containers, { where: 'f' }).map((o) => [o.service, o.digest])).toEqual([
      ['web', A],
      ['job', B],
    ]);
  });

  it('refuses what is not the JSON array of docker inspect, by code', async () => {
    expect(await codeOf(() => dockerObservations({ Name: '/x' }, { where: 'f' }))).toBe(
      'SNAPSHOT_INPUT_MALFORMED',
    );
    const tagOnly = [{ Name: '/x', State: { Running: true }, Config: { Image: 'x:latest' } }];
    expect(await codeOf(() => dockerObservations(tagOnly, { where: 'f' }))).toBe('SNAPSHOT_DIGEST_MISSING');
  });
});

describe('a digest list', () => {
  it('reads SERVICE DIGEST lines, pinned references too, skipping blanks and comments', () => {
    const text = `# production, by hand\napp ${A}\n\napi  ghcr.io/acme/api@${B}   # pinned\n`;
    expect(digestListObservations(text, 'list').map((o) => [o.service, o.digest, o.image])).toEqual([
      ['app', A, undefined],
      ['api', B, `ghcr.io/acme/api@${B}`],
    ]);
  });

  it('refuses a line that is not SERVICE DIGEST, naming the line', async () => {
    expect(await codeOf(() => digestListObservations(`app ${A}\napp latest\n`, 'list'))).toBe(
      'SNAPSHOT_INPUT_MALFORMED',
    );
    try {
      digestListObservations(`app ${A}\napp latest\n`, 'list');
    } catch (err) {
      expect((err as Error).message).toContain('list:2');
    }
  });

  it('gives back any list it is given', () => {
    const line = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.stringMatching(/^[0-9a-f]{64}$/));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const text = lines.map(([s, h]) => `${s} sha256:${h}`).join('\n');
        const seen = digestListObservations(text, 'list').map((o) => [o.service, o.digest]);
        expect(seen).toEqual(lines.map(([s, h]) => [s, `sha256:${h}`]));
      }),
    );
  });
});
