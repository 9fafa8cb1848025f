// A lockstep release: state, runs, packages per registry with receipts, what resume would do.
import { api, eventLink, h, idForm, table, time, whyLink } from './dom.js';

function resumeWould(p) {
  if (p.status === 'published' || p.status === 'already-published')
    return 'nothing: the ledger holds a receipt for every file';
  if (p.status === 'failed') return `publish again (failed: ${p.error?.code ?? 'error'})`;
  return 'publish it';
}

export async function releasesPage(params) {
  const id = params.get('id') ?? '';
  const form = idForm('releases', 'Release (name@version)', id, 'Show');
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
