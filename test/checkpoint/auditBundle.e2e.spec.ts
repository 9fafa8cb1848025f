import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMerkleTree, generateSignerKey, parseSignerKey, recordLeafHash } from '@shiplog/checkpoint';
import { createSqliteEventStore, recordHash } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { appendEvents } from './ledgerEdits.ts';

const sbomBytes = Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}');
const sbomDigest = `sha256:${createHash('sha256').update(sbomBytes).digest('hex')}`;
const absentDigest = `sha256:${'ab'.repeat(32)}`;

let dir: string;
let bundle: string;
let publicKey: string;
let elsewhere: string;

/** The SBOM and attestation events the workers record, naming their documents by digest. */
async function appendDocuments(path: string): Promise<void> {
  const store = await createSqliteEventStore(path);
  const event = (id: string, content: unknown) => JSON.stringify({ context: { id }, subject: { content } });
  await store.appendToStream('artifact-abc', [
    {
      id: 'sbom-1',
      type: 'dev.cdeventsx.shiplog-sbom.generated.0.1.0',
      data: event('sbom-1', { sbom: { digest: sbomDigest } }),
    },
    {
      id: 'att-1',
      type: 'dev.cdeventsx.shiplog-attestation.recorded.0.1.0',
      data: event('att-1', { bundle: { digest: absentDigest } }),
    },
  ]);
  await store.close();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-bundle-'));
  const db = join(dir, 'ledger.db');
  const env = { SHIPLOG_STORE: `sqlite:${db}`, SHIPLOG_ARTIFACTS_DIR: join(dir, 'artifacts') };
  const hex = sbomDigest.slice('sha256:'.length);
  await mkdir(join(dir, 'artifacts', 'sha256', hex.slice(0, 2)), { recursive: true });
  await writeFile(join(dir, 'artifacts', 'sha256', hex.slice(0, 2), hex), sbomBytes);
  await appendEvents(db, 0, 7);
  const first = await shiplog(['checkpoint', '--json'], { cwd: dir, env });
  publicKey = (JSON.parse(first.stdout) as { publicKey: string }).publicKey;
  await appendDocuments(db);
  await appendEvents(db, 7, 4);
  bundle = join(dir, 'bundle');
  const exported = await shiplog(['export', '--audit', bundle, '--json'], { cwd: dir, env });
  expect(exported.code, exported.stderr).toBe(0);
  expect(JSON.parse(exported.stdout)).toMatchObject({
    events: 13,
    treeSize: 13,
    checkpoints: 2,
    inclusionProofs: 13,
    consistencyProofs: 1,
    documents: { included: 1, missing: [absentDigest] },
  });
  // The auditor's machine: no ledger, no key file, no SHIPLOG_STORE; only the bundle and the key.
  await rm(db);
  await rm(join(dir, 'checkpoint.key'));
  elsewhere = await mkdtemp(join(tmpdir(), 'shiplog-auditor-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(elsewhere, { recursive: true, force: true });
});

const verifyBundle = async (path: string, key = publicKey) => {
  const run = await shiplog(['verify', '--bundle', path, '--key', key, '--json'], { cwd: elsewhere });
  return {
    code: run.code,
    stderr: run.stderr,
    json: JSON.parse(run.stdout || '{}') as { ok: boolean; problems: string[] },
  };
};

/** A copy of the bundle with one file changed. */
async function tampered(file: string, change: (text: string) => string): Promise<string> {
  const copy = await mkdtemp(join(elsewhere, 'copy-'));
  for (const name of [
    'manifest.json',
    'public-key.txt',
    'events.ndjson',
    'checkpoints.json',
    'checkpoint',
    'documents.json',
  ])
    await writeFile(join(copy, name), await readFile(join(bundle, name)));
  await mkdir(join(copy, 'proofs'));
  await mkdir(join(copy, 'documents'));
  for (const name of [
    'proofs/inclusion.ndjson',
    'proofs/consistency.json',
    `documents/${sbomDigest.replace(':', '-')}`,
  ])
    await writeFile(join(copy, name), await readFile(join(bundle, name)));
  await writeFile(join(copy, file), change(await readFile(join(copy, file), 'utf8')));
  return copy;
}

describe('an offline audit bundle, verified in another process from the bundle alone', () => {
  beforeEach(() => expect(bundle).toBeDefined());

  it('verifies: records, two checkpoints, consistency and inclusion proofs, the SBOM it holds', async () => {
    const result = await verifyBundle(bundle);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({
      ok: true,
      inclusion: { checked: 13, failed: [] },
      consistency: { checked: 1, failed: [] },
      documents: { checked: 2, notIncluded: [absentDigest], altered: [] },
    });
    const text = await shiplog(['verify', '--bundle', bundle, '--key', publicKey], { cwd: elsewhere });
    expect(text.stdout).toMatch(/^bundle intact \(origin shiplog\/.+\): 13 records, 2 checkpoints/);
  });

  it('fails (exit 4) for a record rewritten with recomputed hashes', async () => {
    const copy = await tampered('events.ndjson', (text) => {
      const records = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RecordedEvent);
      let prevHash = (records[0] as RecordedEvent).prevHash;
      const streams = new Map<string, string>();
      const rewritten = records.map((r, i) => {
        const data = i === 3 ? r.data.replace('"n":3', '"n":30') : r.data;
        const streamPrevHash = streams.get(r.streamId) ?? r.streamPrevHash;
        const next = {
          ...r,
          data,
          prevHash,
          streamPrevHash,
          hash: recordHash(prevHash, streamPrevHash, { ...r, data }),
        };
        streams.set(r.streamId, next.hash);
        prevHash = next.hash;
        return next;
      });
      return `${rewritten.map((r) => JSON.stringify(r)).join('\n')}\n`;
    });
    const result = await verifyBundle(copy);
    expect(result.code).toBe(4);
    expect(result.json.problems.join('\n')).toMatch(/checkpoint 7: the log's first 7 records have root/);
  });

  it('fails (exit 4) for a dropped record, a changed proof, an altered SBOM and another key', async () => {
    const dropped = await tampered('events.ndjson', (text) => text.split('\n').slice(0, 11).join('\n'));
    expect((await verifyBundle(dropped)).json.problems.join('\n')).toMatch(
      /checkpoint 13: the log has 11 records/,
    );
    const proof = await tampered('proofs/inclusion.ndjson', (text) => {
      const [first, ...rest] = text.split('\n');
      const line = JSON.parse(first as string) as { proof: string[] };
      line.proof[0] = Buffer.alloc(32).toString('base64');
      return [JSON.stringify(line), ...rest].join('\n');
    });
    const proofResult = await verifyBundle(proof);
    expect(proofResult.code).toBe(4);
    expect(proofResult.json.problems.join('\n')).toContain('inclusion proof of record 0 does not verify');
    const sbom = await tampered(`documents/${sbomDigest.replace(':', '-')}`, (text) =>
      text.replace('1.6', '1.5'),
    );
    expect((await verifyBundle(sbom)).json.problems.join('\n')).toContain(`document ${sbomDigest}`);
    // A key of the same name that did not sign the log's checkpoints.
    const sameName = publicKey.slice(0, publicKey.indexOf('+'));
    const wrongKey = await verifyBundle(bundle, parseSignerKey(generateSignerKey(sameName)).verifierKey);
    expect(wrongKey.code).toBe(4);
    expect(wrongKey.json.problems.join('\n')).toContain('no valid signature');
  });

  it('fails (exit 4) for records added after the latest checkpoint, and for a bundle cut below a checkpoint the auditor kept', async () => {
    const events = (await readFile(join(bundle, 'events.ndjson'), 'utf8')).trim().split('\n');
    const last = JSON.parse(events.at(-1) as string) as RecordedEvent;
    const added = await tampered('events.ndjson', (text) => {
      const data = '{"forged":true}';
      const fields = {
        ...last,
        id: 'forged',
        revision: last.revision + 1,
        data,
        position: last.position + 1,
      };
      const hash = recordHash(last.hash, last.hash, fields);
      return `${text}${JSON.stringify({ ...fields, prevHash: last.hash, streamPrevHash: last.hash, hash })}\n`;
    });
    const addedResult = await verifyBundle(added);
    expect(addedResult.code).toBe(4);
    expect(addedResult.json.problems.join('\n')).toContain(
      '1 records after the latest checkpoint (13) are signed by no checkpoint',
    );

    // A bundle re-exported by someone who cut the log and dropped the later checkpoint: consistent in
    // itself, but it does not extend the checkpoint the auditor kept from the first export.
    const kept = join(elsewhere, 'kept.checkpoint');
    await writeFile(kept, await readFile(join(bundle, 'checkpoint')));
    const cut = await tampered('checkpoints.json', (text) =>
      JSON.stringify((JSON.parse(text) as unknown[]).slice(0, 1)),
    );
    await writeFile(join(cut, 'events.ndjson'), `${events.slice(0, 7).join('\n')}\n`);
    await writeFile(join(cut, 'proofs', 'consistency.json'), '[]');
    const tree = createMerkleTree();
    for (const line of events.slice(0, 7)) tree.append(recordLeafHash(JSON.parse(line) as RecordedEvent));
    const proofs = events.slice(0, 7).map((line, index) => {
      const { position, id } = JSON.parse(line) as RecordedEvent;
      const proof = tree.inclusionProof(index, 7).map((h) => h.toString('base64'));
      return JSON.stringify({ index, position, id, treeSize: 7, proof });
    });
    await writeFile(join(cut, 'proofs', 'inclusion.ndjson'), `${proofs.join('\n')}\n`);
    const alone = await verifyBundle(cut);
    expect(alone.code, alone.json.problems.join('\n')).toBe(0);
    const run = await shiplog(
      ['verify', '--bundle', cut, '--key', publicKey, '--checkpoint', kept, '--json'],
      { cwd: elsewhere },
    );
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('the checkpoint you kept signed 13');
  });

  it('needs the expected key (exit 2) and says when a directory is not a bundle (exit 1)', async () => {
    expect((await shiplog(['verify', '--bundle', bundle], { cwd: elsewhere })).code).toBe(2);
    const notBundle = await shiplog(['verify', '--bundle', elsewhere, '--key', publicKey], {
      cwd: elsewhere,
    });
    expect(notBundle.code).toBe(1);
    expect(notBundle.stderr).toContain('manifest.json');
    // The library says what is missing; the command line says which command writes a bundle.
    expect(notBundle.stderr).toContain('(shiplog export --audit DIR writes one)');
  });
});
