import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'services', 'cli', 'bin', 'shiplog.js');
const spec = join(root, 'events', 'schemas', 'cdevents-0.5.1');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], stdin?: string | Uint8Array, cwd = root): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(stdin);
  });
}

const shiplog = (args: string[], stdin?: string | Uint8Array): Promise<Run> =>
  run(process.execPath, [bin, 'validate', ...args], stdin ?? '');

interface JsonReport {
  valid: boolean;
  summary: { events: number; valid: number; invalid: number; unreadable: number };
  events: {
    file: string;
    line: number;
    id: string | null;
    valid: boolean;
    problems: { path: string; code: string; message: string }[];
  }[];
}

let dir: string;
let deployed: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-validate-'));
  deployed = JSON.parse(
    await readFile(join(spec, 'conformance', 'service_deployed.json'), 'utf8'),
  ) as typeof deployed;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const conformanceFiles = async (): Promise<string[]> => [
  ...(await readdir(join(spec, 'conformance'))).map((f) => join(spec, 'conformance', f)),
  join(spec, 'custom', 'conformance.json'),
];

describe('shiplog validate (real CLI process)', () => {
  it('passes every conformance example unchanged, one ok line each and a summary', async () => {
    const files = await conformanceFiles();
    const result = await shiplog(files);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(files.length + 1);
    expect(lines.slice(0, -1).every((l) => l.endsWith('  ok'))).toBe(true);
    expect(lines[0]).toMatch(
      /artifact_deleted\.json:1 {2}\S+ {2}dev\.cdevents\.artifact\.deleted\.0\.2\.0 {2}ok$/,
    );
    expect(lines.at(-1)).toBe('46 events: 46 valid, 0 invalid');
  });

  it('prints one JSON document with --json', async () => {
    const result = await shiplog(['--json', ...(await conformanceFiles())]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.valid).toBe(true);
    expect(report.summary).toEqual({ events: 46, valid: 46, invalid: 0, unreadable: 0 });
  });

  it('passes every official example of spec 0.3.0, 0.4.0, 0.4.1 and 0.5.0, read through the upcaster', async () => {
    const legacy = join(root, 'events', 'schemas', 'cdevents-legacy');
    const files: string[] = [];
    for (const folder of await readdir(legacy)) {
      if (!folder.startsWith('spec-v')) continue;
      for (const sub of ['examples', 'conformance', 'custom']) {
        const names = await readdir(join(legacy, folder, sub)).catch(() => []);
        files.push(...names.filter((n) => n.endsWith('.json')).map((n) => join(legacy, folder, sub, n)));
      }
    }
    const result = await shiplog(files);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('176 events: 176 valid, 0 invalid');
  });

  it('runs as npx shiplog validate from the repository root', async () => {
    const result = await run('npx', [
      '--no-install',
      'shiplog',
      'validate',
      join(spec, 'custom', 'conformance.json'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 event: 1 valid, 0 invalid');
  });

  it('exits 3 for an unknown version, naming the known type and the JSON path', async () => {
    const event = structuredClone(deployed);
    event.context!.type = 'dev.cdevents.service.deployed.0.1.0';
    event.context!.timestamp = 'yesterday';
    const file = join(dir, 'old.json');
    await writeFile(file, JSON.stringify(event, null, 2));
    const result = await shiplog([file]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('did you mean dev.cdevents.service.deployed.0.3.0?');
    expect(result.stdout).toMatch(/\n {4}\/context\/timestamp {2}must be an RFC 3339 date-time/);
    const json = JSON.parse((await shiplog(['--json', file])).stdout) as JsonReport;
    expect(json.events[0]?.problems.map((p) => [p.path, p.code])).toEqual([
      ['/context/type', 'EVENT_VERSION_UNKNOWN'],
      ['/context/timestamp', 'FIELD_BAD_FORMAT'],
    ]);
  });

  it('reads NDJSON from stdin and reports the one bad line among good ones', async () => {
    const good = JSON.stringify(deployed);
    const result = await shiplog(['--json', '-'], `${good}\n{"context": oops}\n${good}\n`);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.events.map((e) => [e.file, e.line, e.valid])).toEqual([
      ['<stdin>', 1, true],
      ['<stdin>', 2, false],
      ['<stdin>', 3, true],
    ]);
    expect(report.events[1]?.problems[0]?.code).toBe('DOCUMENT_MALFORMED');
  });

  it('reports each event of a JSON array at its own line', async () => {
    const file = join(dir, 'array.json');
    const bad = { ...deployed, subject: { id: 'x' } };
    await writeFile(file, `[\n${JSON.stringify(deployed)},\n${JSON.stringify(bad)}\n]\n`);
    const result = await shiplog([file]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`${file}:2  `);
    expect(result.stdout).toMatch(new RegExp(`${file}:3 .* invalid\\n {4}/subject/content {2}is required`));
  });

  it('survives hostile input with a clear error per event', async () => {
    const files = {
      huge: `{"context":{"id":"${'x'.repeat(10 * 1024 * 1024)}"}}`,
      deep: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
      utf8: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      proto: JSON.stringify(deployed).replace('"tags":{', '"tags":{"__proto__":{"polluted":true},'),
    };
    const paths = await Promise.all(
      Object.entries(files).map(async ([name, body]) => {
        const file = join(dir, `${name}.json`);
        await writeFile(file, body);
        return file;
      }),
    );
    const result = await shiplog(['--json', ...paths]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.events.map((e) => e.problems[0]?.code)).toEqual([
      'DOCUMENT_TOO_LARGE',
      'DOCUMENT_TOO_DEEP',
      'DOCUMENT_NOT_UTF8',
      'FIELD_FORBIDDEN_KEY',
    ]);
    expect(report.events[3]?.problems[0]?.path).toBe('/context/links/0/tags/__proto__');
  });

  it('exits 2 for a usage error with nothing on stdout', async () => {
    const result = await shiplog(['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('usage: shiplog validate');
  });

  it('exits 1 for an unreadable file and still checks the others', async () => {
    const result = await shiplog([
      '--json',
      join(dir, 'missing.json'),
      join(spec, 'custom', 'conformance.json'),
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport & { unreadable: { file: string }[] };
    expect(report.unreadable.map((u) => u.file)).toEqual([join(dir, 'missing.json')]);
    expect(report.summary).toMatchObject({ events: 1, valid: 1, unreadable: 1 });
  });
});
