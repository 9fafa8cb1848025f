// shiplog web view: a read-only page over the JSON API, with the reader's bearer token.
// No build step and no dependencies: DOM built with `h` (text, never HTML, so ledger data cannot inject
// markup), hash routes, inline SVG charts. The token stays in sessionStorage (this tab only).
/* global document, window, HTMLElement, Node */
import { chainNodes, weeklySeries, barChart, genericFields } from './views.js';

const TOKEN_KEY = 'shiplog.token';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const status = document.getElementById('status');

/** Builds an element: attributes (on* as listeners) and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'rect', 'line', 'text', 'g', 'title'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET a JSON route with the token; a 401 signs the reader out. */
async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, { headers: { authorization: `Bearer ${token ?? ''}` } });
  const body = await response.json().catch(() => ({}));
  if (response.ok) return body;
  const error = body.error ?? {};
  if (response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
  throw new ApiFailure(response.status, error.code ?? 'HTTP', error.message ?? `HTTP ${response.status}`);
}

const link = (page, params, text, attrs = {}) =>
  h('a', { href: `#/${page}${params ? `?${new URLSearchParams(params)}` : ''}`, ...attrs }, text);
const eventLink = (id, text = id) => link('event', { id }, text, { class: 'mono' });
const whyLink = (id, text = id) => link('why', { id }, text, { class: 'mono' });
const time = (iso) =>
  iso ? h('time', { datetime: iso }, iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')) : '—';
const minutes = (s) =>
  s === null || s === undefined
    ? '—'
    : s < 3600
      ? `${(s / 60).toFixed(1)} min`
      : `${(s / 3600).toFixed(1)} h`;
const toLocalInput = (iso) => (iso ? iso.slice(0, 16) : '');
const fromLocalInput = (value) => (value ? `${value}:00Z` : '');

function violationList(violations) {
  if (!violations || violations.length === 0) return null;
  return h(
    'ul',
    { class: 'violations', 'aria-label': 'violations' },
    violations.map((v) => h('li', {}, `${v.severity ?? ''} ${v.rule} `, eventLink(v.eventId, 'record'))),
  );
}

function table(caption, headers, rows) {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

// ---- pages -------------------------------------------------------------------------------------

async function environmentsPage(params) {
  const at = params.get('at') ?? '';
  const knownAt = params.get('knownAt') ?? '';
  const { environments } = await api('/v1/environments');
  if (environments.length === 0) return [h('h1', {}, 'Environments'), h('p', {}, 'Nothing is deployed yet.')];
  const query = (env) => new URLSearchParams({ env, ...(at && { at }), ...(knownAt && { knownAt }) });
  const [answers, timelines] = await Promise.all([
    Promise.all(environments.map((e) => api(`/v1/deployed?${query(e.env)}`))),
    Promise.all(
      environments.map((e) => api(`/v1/timeline?${new URLSearchParams({ env: e.env, limit: '200' })}`)),
    ),
  ]);
  // The slider steps through the instants something changed, oldest to newest, then "now".
  const instants = [
    ...new Set(timelines.flatMap((t) => t.entries.filter((x) => x.kind === 'deployment').map((x) => x.at))),
  ].sort();
  const steps = [...instants, ''];
  const current =
    at === ''
      ? steps.length - 1
      : Math.max(
          0,
          steps.findIndex((s) => s >= at),
        );
  const go = (next) =>
    (window.location.hash = `#/environments?${new URLSearchParams({ ...(next.at && { at: next.at }), ...(next.knownAt && { knownAt: next.knownAt }) })}`);
  const slider = h('input', {
    type: 'range',
    id: 'at-slider',
    min: 0,
    max: steps.length - 1,
    value: current,
    'aria-valuetext': steps[current] === '' ? 'now' : steps[current],
    onchange: (e) => go({ at: steps[Number(e.target.value)], knownAt }),
    oninput: (e) => {
      const s = steps[Number(e.target.value)];
      e.target.setAttribute('aria-valuetext', s === '' ? 'now' : s);
      document.getElementById('at-shown').textContent = s === '' ? 'now' : s;
    },
  });
  const form = h(
    'form',
    {
      class: 'query',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new window.FormData(e.target);
        go({ at: fromLocalInput(data.get('at')), knownAt: fromLocalInput(data.get('knownAt')) });
      },
    },
    h(
      'div',
      { class: 'slider' },
      h('label', { for: 'at-slider' }, 'Time travel: as it stood after each recorded deployment'),
      slider,
      h(
        'span',
        {},
        'at ',
        h('output', { id: 'at-shown', for: 'at-slider' }, steps[current] === '' ? 'now' : steps[current]),
      ),
    ),
    h('label', {}, 'At (UTC)', h('input', { type: 'datetime-local', name: 'at', value: toLocalInput(at) })),
    h(
      'label',
      {},
      'Known at (UTC)',
      h('input', { type: 'datetime-local', name: 'knownAt', value: toLocalInput(knownAt) }),
    ),
    h('button', { type: 'submit' }, 'Show'),
    at || knownAt ? h('button', { type: 'button', class: 'secondary', onclick: () => go({}) }, 'Now') : null,
  );
  const sections = answers.map((answer) => {
    const rows = answer.services.map((s) => {
      const flagged = s.why.violations.length > 0;
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, link('timeline', { env: answer.env, service: s.service }, s.service)),
        h(
          'td',
          {},
          h('span', { class: 'mono' }, s.why.artifact.nameVersion ?? s.artifactId),
          h('br'),
          h('span', { class: 'muted mono' }, s.why.artifact.digest ?? ''),
        ),
        h('td', {}, time(s.since), h('br'), h('span', { class: 'muted' }, s.why.action)),
        h('td', {}, s.why.changes.length ? s.why.changes.join(', ') : '—'),
        h(
          'td',
          {},
          `${s.why.verifications.passed} passed, ${s.why.verifications.failed} failed`,
          h('br'),
          s.why.gates.map((g) => `${g.stage} gate: ${g.decision}`).join('; '),
        ),
        h(
          'td',
          {},
          flagged
            ? h(
                'span',
                { class: 'badge bad' },
                `${s.why.violations.length} open violation${s.why.violations.length > 1 ? 's' : ''}`,
              )
            : h('span', { class: 'badge ok' }, 'no violations'),
          violationList(s.why.violations),
          genericFields(h, s, ['drift', 'observed', 'health']),
        ),
        h('td', {}, whyLink(s.eventId, 'why'), ' ', eventLink(s.eventId, 'event')),
      );
    });
    return h(
      'section',
      { 'aria-labelledby': `env-${answer.env}` },
      h(
        'h2',
        { id: `env-${answer.env}` },
        answer.env,
        ' ',
        h('span', { class: 'muted' }, `(${answer.services.length} running)`),
      ),
      genericFields(h, answer, ['drift', 'observed', 'health']),
      answer.services.length === 0
        ? h('p', {}, 'Nothing deployed at this time.')
        : table(
            `What runs in ${answer.env}`,
            ['Service', 'Artifact', 'Since', 'Release (changes)', 'Evidence', 'Flags', 'Chain'],
            rows,
          ),
    );
  });
  const shownAt = answers[0]?.at;
  return [
    h('h1', {}, 'Environments'),
    form,
    h(
      'p',
      { id: 'as-of' },
      'As it stood at ',
      time(shownAt),
      knownAt ? [' as the ledger knew it at ', time(knownAt)] : null,
    ),
    sections,
  ];
}

async function envPicker(page, params, extra = []) {
  const { environments } = await api('/v1/environments');
  const env =
    params.get('env') ?? environments.find((e) => e.env === 'production')?.env ?? environments[0]?.env ?? '';
  const form = h(
    'form',
    {
      class: 'query',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new window.FormData(e.target);
        const next = {};
        for (const [k, v] of data.entries())
          if (v !== '') next[k] = k === 'since' || k === 'until' ? fromLocalInput(v) : v;
        window.location.hash = `#/${page}?${new URLSearchParams(next)}`;
      },
    },
    h(
      'label',
      {},
      'Environment',
      h(
        'select',
        { name: 'env' },
        environments.map((e) => h('option', { value: e.env, selected: e.env === env }, e.env)),
      ),
    ),
    extra,
    h('button', { type: 'submit' }, 'Show'),
  );
  return { env, form };
}

async function timelinePage(params) {
  const service = params.get('service') ?? '';
  const { env, form } = await envPicker('timeline', params, [
    h('label', {}, 'Service', h('input', { name: 'service', value: service })),
  ]);
  if (env === '') return [h('h1', {}, 'Timeline'), h('p', {}, 'Nothing is deployed yet.')];
  const answer = await api(`/v1/timeline?${new URLSearchParams({ env, ...(service && { service }) })}`);
  const rows = answer.entries.map((e) =>
    h(
      'tr',
      { class: e.violations.length ? 'flagged' : undefined },
      h('td', {}, time(e.at)),
      h(
        'td',
        {},
        e.kind === 'deployment' && e.action === 'rolledback'
          ? h('span', { class: 'badge warn' }, 'rollback')
          : e.kind === 'incident'
            ? h('span', { class: 'badge bad' }, 'incident')
            : e.kind,
      ),
      h('td', {}, e.service ?? '—'),
      h('td', {}, e.action, e.detail ? h('span', { class: 'muted' }, ` (${e.detail})`) : null),
      h('td', { class: 'mono' }, e.artifactId ?? ''),
      h('td', {}, whyLink(e.eventId), violationList(e.violations)),
    ),
  );
  return [
    h('h1', {}, `Timeline of ${env}${service ? ` / ${service}` : ''}`),
    form,
    answer.entries.length === 0
      ? h('p', {}, 'Nothing recorded here.')
      : table(
          `Timeline of ${env}`,
          ['When', 'Kind', 'Service', 'What', 'Artifact', 'Event and violations'],
          rows,
        ),
    answer.truncated ? h('p', { class: 'muted' }, 'Older entries are left out: narrow the window.') : null,
  ];
}

async function whyPage(params) {
  const id = params.get('id') ?? '';
  const form = h(
    'form',
    {
      class: 'query',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        window.location.hash = `#/why?${new URLSearchParams({ id: new window.FormData(e.target).get('id') })}`;
      },
    },
    h(
      'label',
      {},
      'Event id, change id, digest or purl',
      h('input', { name: 'id', value: id, size: 60, required: true }),
    ),
    h('button', { type: 'submit' }, 'Why?'),
  );
  if (id === '')
    return [
      h('h1', {}, 'Why'),
      form,
      h('p', {}, 'Name a digest, purl or event id: the environments and timeline pages link here.'),
    ];
  const answer = await api(`/v1/why/${encodeURIComponent(id)}`);
  const chains = answer.artifacts.map((chain, i) =>
    h(
      'section',
      { 'aria-labelledby': `chain-${i}` },
      h('h2', { id: `chain-${i}` }, chain.artifact.nameVersion ?? chain.artifact.digest ?? 'artifact'),
      h('p', { class: 'mono muted' }, chain.artifact.digest ?? ''),
      h(
        'ol',
        { class: 'chain', 'aria-label': 'chain from change to deployment' },
        chainNodes(chain).map((n) =>
          h(
            'li',
            {},
            h(
              'div',
              { class: `node${n.violations.length ? ' flagged' : ''}` },
              h('div', { class: 'stage' }, n.stage),
              h('div', { class: 'muted' }, n.label),
              n.at ? h('div', {}, time(n.at)) : null,
              h(
                'ul',
                {},
                n.links.map((l) =>
                  h('li', {}, l.kind === 'why' ? whyLink(l.id, l.text) : eventLink(l.id, l.text)),
                ),
              ),
              violationList(n.violations),
            ),
          ),
        ),
      ),
    ),
  );
  return [
    h('h1', {}, 'Why'),
    form,
    h(
      'p',
      {},
      `${answer.query} is ${answer.matched === 'event' ? 'an' : 'a'} ${answer.matched}`,
      answer.event
        ? [
            ' recorded by ',
            h('code', {}, answer.event.producer),
            ' at ',
            time(answer.event.recordedAt),
            ' (',
            eventLink(answer.event.eventId, 'stored event'),
            ')',
          ]
        : null,
    ),
    chains.length ? chains : h('p', {}, 'It names no artifact.'),
  ];
}

async function eventPage(params) {
  const id = params.get('id') ?? '';
  const answer = await api(`/v1/events/${encodeURIComponent(id)}`);
  return [
    h('h1', {}, 'Stored event ', h('code', {}, id)),
    answer.records.map((r) =>
      h(
        'section',
        { 'aria-label': `record at position ${r.position}` },
        table(
          'Ledger metadata',
          ['Field', 'Value'],
          [
            'type',
            'source',
            'producer',
            'streamId',
            'position',
            'revision',
            'recordedAt',
            'hash',
            'prevHash',
          ].map((k) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'mono' }, String(r[k])))),
        ),
        h('p', {}, whyLink(id, 'Why this event')),
        h('h2', {}, 'The CDEvent as it was sent'),
        h('pre', { tabindex: 0, 'aria-label': 'event JSON' }, JSON.stringify(r.event, null, 2)),
      ),
    ),
  ];
}

async function doraPage(params) {
  const until = params.get('until') ?? '';
  const since = params.get('since') ?? '';
  const { env, form } = await envPicker('dora', params, [
    h(
      'label',
      {},
      'Since (UTC)',
      h('input', { type: 'datetime-local', name: 'since', value: toLocalInput(since) }),
    ),
    h(
      'label',
      {},
      'Until (UTC)',
      h('input', { type: 'datetime-local', name: 'until', value: toLocalInput(until) }),
    ),
  ]);
  const d = await api(
    `/v1/dora?${new URLSearchParams({ env, ...(since && { since }), ...(until && { until }) })}`,
  );
  const weeks = await weeklySeries(d, (q) => api(`/v1/dora?${new URLSearchParams({ env, ...q })}`));
  const cfr = d.changeFailureRate;
  const card = (title, figure, note) =>
    h(
      'div',
      { class: 'card' },
      h('h2', {}, title),
      h('p', { class: 'figure' }, figure),
      h('p', { class: 'muted' }, note),
    );
  return [
    h('h1', {}, `DORA metrics of ${env}`),
    form,
    h(
      'p',
      {},
      'From ',
      time(d.since),
      ' until ',
      time(d.until),
      d.tier
        ? [
            ' — tier ',
            h('strong', { class: 'badge' }, typeof d.tier === 'string' ? d.tier : JSON.stringify(d.tier)),
          ]
        : null,
    ),
    h(
      'div',
      { class: 'cards' },
      card(
        'Deployment frequency',
        `${d.deploymentFrequency.perDay.toFixed(2)}/day`,
        `${d.deploymentFrequency.count} deployments`,
      ),
      card(
        'Lead time for changes',
        minutes(d.leadTimeForChanges.medianSeconds),
        `median over ${d.leadTimeForChanges.changes} changes`,
      ),
      card(
        'Change failure rate',
        cfr.ratio === null ? '—' : `${(cfr.ratio * 100).toFixed(0)}%`,
        `${cfr.failed} of ${cfr.deployments} deployments`,
      ),
      card(
        'Time to restore service',
        minutes(d.timeToRestoreService.medianSeconds),
        `median over ${d.timeToRestoreService.incidents} incidents`,
      ),
      card(
        'Failed deployment recovery',
        minutes(d.failedDeploymentRecoveryTime.medianSeconds),
        `median over ${d.failedDeploymentRecoveryTime.failures} failures`,
      ),
    ),
    h('h2', {}, 'Weekly trend'),
    barChart(
      h,
      'Deployments per week',
      weeks.map((w) => ({ label: w.label, value: w.deployments })),
    ),
    barChart(
      h,
      'Change failure rate per week (%)',
      weeks.map((w) => ({ label: w.label, value: w.failurePercent, bad: true })),
    ),
    table(
      'Weekly figures',
      ['Week from', 'Deployments', 'Change failure rate'],
      weeks.map((w) =>
        h(
          'tr',
          {},
          h('td', {}, w.label),
          h('td', {}, String(w.deployments)),
          h('td', {}, w.failurePercent === null ? '—' : `${w.failurePercent}%`),
        ),
      ),
    ),
  ];
}

function resumeWould(p) {
  if (p.status === 'published' || p.status === 'already-published')
    return 'nothing: the ledger holds a receipt for every file';
  if (p.status === 'failed') return `publish again (failed: ${p.error?.code ?? 'error'})`;
  return 'publish it';
}

async function releasesPage(params) {
  const id = params.get('id') ?? '';
  const form = h(
    'form',
    {
      class: 'query',
      onsubmit: (e) => {
        e.preventDefault();
        window.location.hash = `#/releases?${new URLSearchParams({ id: new window.FormData(e.target).get('id') })}`;
      },
    },
    h('label', {}, 'Release (name@version)', h('input', { name: 'id', value: id, required: true })),
    h('button', { type: 'submit' }, 'Show'),
  );
  if (id === '')
    return [
      h('h1', {}, 'Releases'),
      form,
      h('p', {}, 'Name a lockstep release, e.g. shiplog-fixture@1.2.0.'),
    ];
  const r = await api(`/v1/releases/${encodeURIComponent(id)}`);
  const registries = [...new Set(r.packages.map((p) => p.registry))];
  return [
    h('h1', {}, `Release ${r.id}`),
    form,
    h(
      'p',
      {},
      'State: ',
      h('strong', { class: `badge ${r.status === 'published' ? 'ok' : 'warn'}` }, r.status),
    ),
    h('h2', {}, 'Runs'),
    table(
      'Runs',
      ['Run', 'Started', 'Finished', 'Status'],
      r.runs.map((run) =>
        h(
          'tr',
          {},
          h('td', {}, String(run.run)),
          h('td', {}, time(run.startedAt)),
          h('td', {}, time(run.finishedAt)),
          h('td', {}, `${run.status}${run.dryRun ? ' (dry run)' : ''}`),
        ),
      ),
    ),
    registries.map((registry) =>
      h(
        'section',
        {},
        h('h2', {}, `Registry ${registry}`),
        table(
          `Packages for ${registry}`,
          ['Package', 'Wave', 'State', 'Receipts', 'What resume would do'],
          r.packages
            .filter((p) => p.registry === registry)
            .map((p) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, p.name, h('span', { class: 'muted' }, ` (${p.ecosystem})`)),
                h('td', {}, String(p.wave)),
                h('td', {}, p.status),
                h(
                  'td',
                  {},
                  p.files.map((f) =>
                    h(
                      'div',
                      {},
                      f.fileName,
                      ' ',
                      f.eventId
                        ? eventLink(f.eventId, 'receipt')
                        : h('span', { class: 'muted' }, 'no receipt'),
                    ),
                  ),
                ),
                h('td', {}, resumeWould(p)),
              ),
            ),
        ),
      ),
    ),
    h('h2', {}, 'Built files'),
    table(
      'Built files',
      ['Package', 'File', 'Digest'],
      r.artifacts.map((a) =>
        h('tr', {}, h('td', {}, a.package), h('td', {}, a.fileName), h('td', {}, whyLink(a.digest))),
      ),
    ),
  ];
}

/** Fetches the audit bundle with the token (a plain link could not send it) and saves it. */
async function downloadBundle(button) {
  const note = document.getElementById('download-result');
  button.disabled = true;
  note.textContent = 'Exporting the bundle up to the latest checkpoint…';
  try {
    const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
    const response = await fetch('/v1/audit-bundle', { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    }
    const blob = await response.blob();
    const disposition = response.headers.get('content-disposition') ?? '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'shiplog-audit.tar';
    const a = h('a', { href: window.URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    note.textContent = `Saved ${name} (${blob.size} bytes). Check it anywhere: tar -xf ${name}, then shiplog verify --bundle DIR --key KEY.`;
  } catch (err) {
    note.textContent = `The bundle could not be exported: ${err.message}`;
  } finally {
    button.disabled = false;
  }
}

async function integrityPage() {
  const checkpoint = await api('/v1/checkpoint').catch((err) =>
    err.status === 404 ? null : Promise.reject(err),
  );
  const result = h('div', { id: 'verify-result' });
  const verify = async () => {
    result.replaceChildren(h('p', {}, 'Replaying the log into a scratch copy…'));
    try {
      const v = await api('/v1/verify/projections');
      result.replaceChildren(
        h(
          'p',
          {},
          h(
            'strong',
            { class: `badge ${v.ok ? 'ok' : 'bad'}` },
            v.ok ? 'read models match a replay of the log' : 'read models differ from a replay',
          ),
        ),
        h('pre', { tabindex: 0, 'aria-label': 'verification JSON' }, JSON.stringify(v, null, 2)),
      );
    } catch (err) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message));
    }
  };
  return [
    h('h1', {}, 'Integrity'),
    h('h2', {}, 'Latest signed checkpoint'),
    checkpoint === null
      ? h('p', {}, 'No checkpoint has been signed yet: run shiplog checkpoint.')
      : [
          table(
            'Checkpoint',
            ['Field', 'Value'],
            ['treeSize', 'lastPosition', 'root', 'createdAt'].map((k) =>
              h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'mono' }, String(checkpoint[k]))),
            ),
          ),
          h('h3', {}, 'Signed note (keep it; compare it later)'),
          h('pre', { tabindex: 0, 'aria-label': 'signed note' }, checkpoint.note),
        ],
    h('h2', {}, 'Verify'),
    h(
      'p',
      {},
      'The log\u2019s hash chain and checkpoints: ',
      h('code', {}, 'shiplog verify'),
      '. The read models against a replay of the log:',
    ),
    h('button', { type: 'button', id: 'verify', onclick: () => void verify() }, 'Verify the read models now'),
    result,
    h('h2', {}, 'Audit bundle'),
    h(
      'button',
      { type: 'button', id: 'download', onclick: (e) => void downloadBundle(e.target) },
      'Download the audit bundle (.tar)',
    ),
    h('p', { id: 'download-result', role: 'status' }),
    h(
      'p',
      {},
      'An offline bundle (every record to the latest checkpoint, proofs, SBOMs and signature bundles): ',
      h('code', {}, 'shiplog export --audit DIR'),
      ', then ',
      h('code', {}, 'shiplog verify --bundle DIR --key KEY'),
      ' on another machine.',
    ),
  ];
}

const pages = {
  environments: ['Environments', environmentsPage],
  timeline: ['Timeline', timelinePage],
  why: ['Why', whyPage],
  event: ['Stored event', eventPage],
  dora: ['DORA', doraPage],
  releases: ['Releases', releasesPage],
  integrity: ['Integrity', integrityPage],
};

// ---- sign-in and routing -----------------------------------------------------------------------

function signInPage(message) {
  nav.hidden = true;
  document.title = 'Sign in — shiplog';
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
  });
  main.replaceChildren(
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste an API token with the auditor or admin role. It is kept in this tab only.'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    h(
      'form',
      {
        class: 'query',
        onsubmit: async (e) => {
          e.preventDefault();
          sessionStorage.setItem(TOKEN_KEY, input.value.trim());
          try {
            await api('/v1/environments');
            void render(true);
          } catch (err) {
            sessionStorage.removeItem(TOKEN_KEY);
            signInPage(
              err.status === 403
                ? 'That token\u2019s role may not read the ledger (it needs auditor or admin).'
                : err.status === 401
                  ? 'That token was not accepted.'
                  : err.message,
            );
          }
        },
      },
      h('label', { for: 'token' }, 'API token'),
      input,
      h('button', { type: 'submit' }, 'Sign in'),
    ),
  );
  input.focus();
}

/** Shows the page the hash names; `moveFocus` after a navigation, so screen readers start at its content. */
async function render(moveFocus = false) {
  if (!sessionStorage.getItem(TOKEN_KEY)) return signInPage();
  const [path, query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const name = pages[path] ? path : 'environments';
  const [title, page] = pages[name];
  nav.hidden = false;
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === `#/${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${title} — shiplog`;
  main.setAttribute('aria-busy', 'true');
  try {
    const content = await page(new URLSearchParams(query));
    main.replaceChildren(
      ...[content].flat(Infinity).filter((c) => c instanceof HTMLElement || c instanceof window.SVGElement),
    );
  } catch (err) {
    if (err.status === 401) return signInPage('Your token is no longer accepted: sign in again.');
    main.replaceChildren(
      h('h1', {}, title),
      h('p', { class: 'error', role: 'alert' }, `${err.code ?? 'ERROR'}: ${err.message}`),
    );
  } finally {
    main.removeAttribute('aria-busy');
  }
  status.textContent = `${title} loaded`;
  if (moveFocus) main.focus({ preventScroll: true });
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  signInPage('Signed out.');
});
window.addEventListener('hashchange', () => void render(true));
void render();
