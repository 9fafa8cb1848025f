// Environments at a glance: what runs where, since when, from which release; the time slider.
/* global document */
import {
  api,
  go,
  queryForm,
  eventLink,
  fromLocalInput,
  h,
  link,
  table,
  time,
  toLocalInput,
  violationList,
  whyLink,
} from './dom.js';
import { flagBadge, healthView, observedView, unrecordedList } from './runtimeFlags.js';

export async function environmentsPage(params) {
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
  const travel = (next) =>
    go('environments', { ...(next.at && { at: next.at }), ...(next.knownAt && { knownAt: next.knownAt }) });
  const slider = h('input', {
    type: 'range',
    id: 'at-slider',
    min: 0,
    max: steps.length - 1,
    value: current,
    'aria-valuetext': steps[current] === '' ? 'now' : steps[current],
    onchange: (e) => travel({ at: steps[Number(e.target.value)], knownAt }),
    oninput: (e) => {
      const s = steps[Number(e.target.value)];
      e.target.setAttribute('aria-valuetext', s === '' ? 'now' : s);
      document.getElementById('at-shown').textContent = s === '' ? 'now' : s;
    },
  });
  const form = queryForm(
    {},
    (values) =>
      travel({ at: fromLocalInput(values.at ?? ''), knownAt: fromLocalInput(values.knownAt ?? '') }),
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
    at || knownAt
      ? h('button', { type: 'button', class: 'secondary', onclick: () => travel({}) }, 'Now')
      : null,
  );
  const sections = answers.map((answer) => {
    const rows = answer.services.map((s) => {
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
          flagBadge(s),
          violationList(s.why.violations),
          healthView(s.health),
          observedView(s.observed),
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
      unrecordedList(answer.unrecorded),
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
