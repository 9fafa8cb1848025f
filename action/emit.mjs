// Step `emit` of action.yml: takes the event file or builds one event from the fields, checks it
// offline with `shiplog validate`, then records it over NATS (`shiplog emit`) or the HTTP API.
// Exit 0 recorded or duplicate, 3 refused or invalid, 2 bad inputs, 1 shiplog unreachable.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const env = process.env;
const input = (name) => (env[`INPUT_${name}`] ?? '').trim();
const shiplog = env.SHIPLOG_BIN || 'shiplog';
const work = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'shiplog-'));

function fail(message, code) {
  process.stderr.write(`::error title=shiplog::${message.replaceAll('\n', '%0A')}\n`);
  process.exit(code);
}

function setOutput(name, value) {
  if (!env.GITHUB_OUTPUT) return;
  const delimiter = `shiplog_${randomUUID()}`;
  appendFileSync(env.GITHUB_OUTPUT, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** One event from type, subject-id and content (the id and source default from the run). */
function eventFromFields() {
  const [type, subjectId, contentText] = [input('TYPE'), input('SUBJECT_ID'), input('CONTENT')];
  const missing = [
    ['type', type],
    ['subject-id', subjectId],
    ['content', contentText],
  ].filter(([, v]) => !v);
  if (missing.length > 0) {
    const names = missing.map(([n]) => n).join(', ');
    fail(`give event-file, or type, subject-id and content (missing: ${names})`, 2);
  }
  let content;
  try {
    content = JSON.parse(contentText);
  } catch (error) {
    fail(`content is not JSON (${error.message}): ${contentText.slice(0, 200)}`, 2);
  }
  // dev.cdevents.service.deployed.0.3.0 → service.deployed
  const kind = /^dev\.cdeventsx?\.(.+)\.\d+\.\d+\.\d+$/.exec(type)?.[1] ?? type;
  const run = `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT}`;
  const context = {
    specversion: '0.5.1',
    id: input('ID') || `gh-${run}-${env.GITHUB_JOB}-${kind}-${subjectId}`,
    source: input('SOURCE') || `/github/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    type,
    timestamp: new Date().toISOString(),
    ...(input('CHAIN_ID') ? { chainId: input('CHAIN_ID') } : {}),
  };
  const file = join(work, 'event.json');
  writeFileSync(file, JSON.stringify({ context, subject: { id: subjectId, content } }));
  return file;
}

/** The events of a file as `shiplog emit` reads them: one JSON event, a JSON array, or NDJSON. */
function eventsOf(file) {
  const text = readFileSync(file, 'utf8');
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
  }
}

async function post(url, token, event) {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${url.replace(/\/+$/, '')}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(event),
      });
      const text = await response.text();
      if (response.status === 401 || response.status === 403)
        fail(
          `the API refused the token (${response.status}): api-token must be an emitter token. ${text}`,
          1,
        );
      if (response.status < 500 && response.status !== 429) {
        try {
          return JSON.parse(text);
        } catch {
          fail(`the API answered ${response.status} with no ledger answer: ${text.slice(0, 500)}`, 1);
        }
      }
      if (attempt >= 5) fail(`the API answered ${response.status} five times: ${text.slice(0, 500)}`, 1);
    } catch (error) {
      if (attempt >= 5)
        fail(`cannot reach ${url} (${error.cause?.code ?? error.message}) after 5 attempts`, 1);
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
}

function emitOverNats(file) {
  const credsText = input('NATS_CREDS');
  const creds = credsText ? join(work, 'nats.creds') : '';
  if (creds) writeFileSync(creds, credsText.endsWith('\n') ? credsText : `${credsText}\n`, { mode: 0o600 });
  const settings = {
    SHIPLOG_NATS_URL: input('NATS_URL'),
    SHIPLOG_NATS_USER: input('NATS_USER'),
    SHIPLOG_NATS_PASSWORD: input('NATS_PASSWORD'),
    SHIPLOG_NATS_TOKEN: input('NATS_TOKEN'),
    SHIPLOG_NATS_CREDS: creds,
  };
  const set = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== ''));
  const emitted = spawnSync(shiplog, ['emit', '--json', file], {
    env: { ...env, ...set },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (emitted.status !== 0 && emitted.status !== 3) fail(`shiplog emit failed (exit ${emitted.status})`, 1);
  return JSON.parse(emitted.stdout).events;
}

const apiUrl = input('API_URL');
const natsUrl = input('NATS_URL');
if ((apiUrl === '') === (natsUrl === '')) fail('give one of api-url (with api-token) or nats-url', 2);
if (apiUrl !== '' && input('API_TOKEN') === '') fail('api-url needs api-token (an emitter token)', 2);

const eventFile = input('EVENT_FILE');
const file = eventFile ? resolve(env.GITHUB_WORKSPACE || '.', eventFile) : eventFromFields();
const validated = spawnSync(shiplog, ['validate', file], { stdio: 'inherit' });
if (validated.status !== 0)
  fail(`the event in ${eventFile || 'the inputs'} is not valid; nothing was sent`, validated.status ?? 1);

const answers = [];
if (apiUrl !== '')
  for (const event of eventsOf(file)) answers.push(await post(apiUrl, input('API_TOKEN'), event));
else answers.push(...emitOverNats(file));

for (const a of answers) {
  const where = a.status === 'refused' ? '' : ` at position ${a.position}`;
  process.stdout.write(`shiplog: ${a.eventId ?? '-'} ${a.status}${where}\n`);
  for (const p of a.problems ?? []) process.stdout.write(`    ${p.path || '/'}  ${p.message}\n`);
  for (const v of a.violations ?? []) process.stdout.write(`    violation ${v.code}  ${v.message}\n`);
}
const refused = answers.filter((a) => a.status === 'refused');
const status =
  refused.length > 0 ? 'refused' : answers.some((a) => a.status === 'recorded') ? 'recorded' : 'duplicate';
setOutput('status', status);
setOutput('answers', JSON.stringify(answers));
if (env.GITHUB_STEP_SUMMARY) {
  const lines = answers.map((a) => `- \`${a.eventId ?? '-'}\`: ${a.status}`);
  appendFileSync(env.GITHUB_STEP_SUMMARY, `### shiplog\n${lines.join('\n')}\n`);
}
if (refused.length > 0) fail(`shiplog refused ${refused.length} of ${answers.length} event(s)`, 3);
