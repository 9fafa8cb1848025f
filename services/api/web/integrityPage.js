// Integrity: the latest checkpoint, the read models verified on request, the audit bundle.
/* global document, window */
import { api, h, table, TOKEN_KEY } from './dom.js';

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

export async function integrityPage() {
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
