// The why-graph of a digest, purl or event id, and a stored event.
import { api, eventLink, h, idForm, link, table, time, violationList, whyLink } from './dom.js';
import { chainNodes } from './views.js';

function nodeLink(l) {
  if (l.kind === 'why') return whyLink(l.id, l.text);
  if (l.kind === 'document') return link('document', { digest: l.id }, l.text);
  return eventLink(l.id, l.text);
}

export async function whyPage(params) {
  const id = params.get('id') ?? '';
  const form = idForm('why', 'Event id, change id, digest or purl', id, 'Why?', { role: 'search' });
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
                n.links.map((l) => h('li', {}, nodeLink(l))),
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

export async function eventPage(params) {
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

/** An SBOM or signature bundle by digest, as stored, named by what it is. */
export async function documentPage(params) {
  const digest = params.get('digest') ?? '';
  const doc = await api(`/v1/documents/${encodeURIComponent(digest)}`);
  const what =
    doc.bomFormat === 'CycloneDX'
      ? `CycloneDX ${doc.specVersion ?? ''} SBOM`
      : String(doc.mediaType ?? '').includes('sigstore')
        ? 'Sigstore bundle'
        : 'Document';
  const components = Array.isArray(doc.components) ? doc.components : [];
  return [
    h('h1', {}, what),
    h('p', { class: 'mono' }, digest),
    components.length > 0
      ? table(
          'Components',
          ['Component', 'Version', 'Package URL'],
          components.map((c) =>
            h(
              'tr',
              {},
              h('td', {}, c.name ?? ''),
              h('td', {}, c.version ?? ''),
              h('td', { class: 'mono' }, c.purl ?? ''),
            ),
          ),
        )
      : null,
    h('pre', { tabindex: 0, 'aria-label': `${what} JSON` }, JSON.stringify(doc, null, 2)),
  ];
}
