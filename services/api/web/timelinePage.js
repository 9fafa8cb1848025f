// An environment's timeline: deployments, rollbacks, incidents and gate decisions with their violations.
import { api, envPicker, h, table, time, violationList, whyLink } from './dom.js';

export async function timelinePage(params) {
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
