// shiplog web view: a read-only page over the JSON API, with the reader's bearer token.
// No build step and no dependencies: hash routes, one module per page, inline SVG charts. The token
// stays in sessionStorage (this tab only).
/* global document, window, HTMLElement */
import { api, h, TOKEN_KEY } from './dom.js';
import { doraPage } from './doraPage.js';
import { environmentsPage } from './environmentsPage.js';
import { integrityPage } from './integrityPage.js';
import { releasesPage } from './releasesPage.js';
import { timelinePage } from './timelinePage.js';
import { documentPage, eventPage, whyPage } from './whyPage.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const status = document.getElementById('status');

const pages = {
  environments: ['Environments', environmentsPage],
  timeline: ['Timeline', timelinePage],
  why: ['Why', whyPage],
  event: ['Stored event', eventPage],
  document: ['Document', documentPage],
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
