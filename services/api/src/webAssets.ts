import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

/** A file of the web view, ready to send. */
export interface WebAsset {
  readonly type: string;
  readonly body: Buffer;
}

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The web view's files only (`../web` beside src and dist alike), so nothing else is served. */
const webDir = new URL('../web/', import.meta.url);

/**
 * Loads the web view once: `/` is its page, `/web/<file>` its script and styles. The files hold no
 * data — the page asks the JSON API with the reader's token — so they are served without one.
 */
export function loadWebAssets(): ReadonlyMap<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  for (const name of readdirSync(webDir)) {
    const type = types[extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(new URL(name, webDir));
    assets.set(name === 'index.html' ? '/' : `/web/${name}`, { type, body });
  }
  return assets;
}

/** Headers for every web view file: no inline script, nothing from elsewhere, no framing. */
export const webHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};
