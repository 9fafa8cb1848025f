/** One file link of a PEP 503 project page. */
export interface SimpleIndexFile {
  readonly filename: string;
  readonly url: string;
  /** `sha256:<hex>` from the `#sha256=` fragment, when the index gives one. */
  readonly digest: string | undefined;
}

const entities: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const unescape = (text: string): string => text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);

/** Parses the anchors of a PEP 503 project page; hrefs are resolved against `pageUrl`. */
export function parseSimpleIndex(html: string, pageUrl: string): SimpleIndexFile[] {
  const files: SimpleIndexFile[] = [];
  for (const match of html.matchAll(/<a\s[^>]*href\s*=\s*["']([^"']*)["'][^>]*>([^<]*)<\/a>/gi)) {
    const url = new URL(unescape(match[1] ?? ''), pageUrl);
    const sha = /(?:^|&)sha256=([0-9a-f]{64})/i.exec(url.hash.slice(1))?.[1];
    url.hash = '';
    files.push({
      filename: unescape(match[2] ?? '').trim(),
      url: url.href,
      digest: sha === undefined ? undefined : `sha256:${sha.toLowerCase()}`,
    });
  }
  return files;
}
