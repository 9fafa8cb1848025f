// The DORA metrics over a window, with weekly charts and the tier when the API gives one.
import { api, envPicker, h, minutes, table, time, toLocalInput } from './dom.js';

import { barChart, weeklySeries } from './views.js';

export async function doraPage(params) {
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
      [
        [
          'Deployment frequency',
          `${d.deploymentFrequency.perDay.toFixed(2)}/day`,
          `${d.deploymentFrequency.count} deployments`,
        ],
        [
          'Lead time for changes',
          minutes(d.leadTimeForChanges.medianSeconds),
          `median over ${d.leadTimeForChanges.changes} changes`,
        ],
        [
          'Change failure rate',
          cfr.ratio === null ? '—' : `${(cfr.ratio * 100).toFixed(0)}%`,
          `${cfr.failed} of ${cfr.deployments} deployments`,
        ],
        [
          'Time to restore service',
          minutes(d.timeToRestoreService.medianSeconds),
          `median over ${d.timeToRestoreService.incidents} incidents`,
        ],
        [
          'Failed deployment recovery',
          minutes(d.failedDeploymentRecoveryTime.medianSeconds),
          `median over ${d.failedDeploymentRecoveryTime.failures} failures`,
        ],
      ].map(([title, figure, note]) => card(title, figure, note)),
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
