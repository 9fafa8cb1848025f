// The web view's building blocks: DOM by `h` (text, never HTML, so ledger data cannot inject markup),
// the JSON API with the reader's token, links between pages, and small formatters.
/* global document, window, Node */

export const TOKEN_KEY = 'shiplog.token';

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

export class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET a JSON route with the token; a 401 signs the reader out. */
export async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, { headers: { authorization: `Bearer ${token ?? ''}` } });
  const body = await response.json().catch(() => ({}));
  if (response.ok) return body;
  const error = body.error ?? {};
  if (response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
  throw new ApiFailure(response.status, error.code ?? 'HTTP', error.message ?? `HTTP ${response.status}`);
}

export const link = (page, params, text, attrs = {}) =>
  h('a', { href: `#/${page}${params ? `?${new URLSearchParams(params)}` : ''}`, ...attrs }, text);
export const eventLink = (id, text = id) => link('event', { id }, text, { class: 'mono' });
export const whyLink = (id, text = id) => link('why', { id }, text, { class: 'mono' });
export const time = (iso) =>
  iso ? h('time', { datetime: iso }, iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')) : '—';
export const minutes = (s) =>
  s === null || s === undefined
    ? '—'
    : s < 3600
      ? `${(s / 60).toFixed(1)} min`
      : `${(s / 3600).toFixed(1)} h`;
export const toLocalInput = (iso) => (iso ? iso.slice(0, 16) : '');
export const fromLocalInput = (value) => (value ? `${value}:00Z` : '');

export function violationList(violations) {
  if (!violations || violations.length === 0) return null;
  return h(
    'ul',
    { class: 'violations', 'aria-label': 'violations' },
    violations.map((v) => h('li', {}, `${v.severity ?? ''} ${v.rule} `, eventLink(v.eventId, 'record'))),
  );
}

export function table(caption, headers, rows) {
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

/** A `form.query` whose submit hands its filled-in fields (empty ones left out) to `submit`. */
export function queryForm(attrs, submit, ...children) {
  const onsubmit = (e) => {
    e.preventDefault();
    const values = {};
    for (const [k, v] of new window.FormData(e.target).entries()) if (v !== '') values[k] = v;
    submit(values);
  };
  return h('form', { class: 'query', ...attrs, onsubmit }, ...children);
}

/** Navigates to `#/page?values`. */
export const go = (page, values) => (window.location.hash = `#/${page}?${new URLSearchParams(values)}`);

/** A one-field form that navigates to `#/page?id=value` (the why and releases pages). */
export function idForm(page, label, value, button, attrs = {}) {
  return queryForm(
    attrs,
    (values) => go(page, values),
    h('label', {}, label, h('input', { name: 'id', value, size: 60, required: true })),
    h('button', { type: 'submit' }, button),
  );
}

/** The environment chooser of the timeline and DORA pages, with their extra fields. */
export async function envPicker(page, params, extra = []) {
  const { environments } = await api('/v1/environments');
  const env =
    params.get('env') ?? environments.find((e) => e.env === 'production')?.env ?? environments[0]?.env ?? '';
  const times = (values) =>
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, k === 'since' || k === 'until' ? fromLocalInput(v) : v]),
    );
  const form = queryForm(
    {},
    (values) => go(page, times(values)),
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
