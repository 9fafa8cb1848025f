import { describe, expect, it } from 'vitest';
import { parseSimpleIndex } from './simpleIndex.ts';

describe('PEP 503 pages', () => {
  it('reads file names, absolute URLs and sha256 fragments', () => {
    const hash = 'ab'.repeat(32);
    const html = `<!DOCTYPE html><html><body>
      <a href="../../files/x/demo-1.0.tar.gz#sha256=${hash}" data-requires-python="&gt;=3.9">demo-1.0.tar.gz</a><br/>
      <a href='https://cdn.example/demo-1.0-py3-none-any.whl#md5=00'>demo-1.0-py3-none-any.whl</a>
    </body></html>`;
    expect(parseSimpleIndex(html, 'https://pypi.example/simple/demo/')).toEqual([
      {
        filename: 'demo-1.0.tar.gz',
        url: 'https://pypi.example/files/x/demo-1.0.tar.gz',
        digest: `sha256:${hash}`,
      },
      {
        filename: 'demo-1.0-py3-none-any.whl',
        url: 'https://cdn.example/demo-1.0-py3-none-any.whl',
        digest: undefined,
      },
    ]);
  });
});
