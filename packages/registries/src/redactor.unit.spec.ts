import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from './redactor.ts';

describe('createRedactor', () => {
  it('replaces a token, its base64 and its PyPI Basic form, and keeps the rest of the text', () => {
    const token = 'npm_s3cr3tT0ken';
    const redactor = createRedactor(token);
    const basic = Buffer.from(`__token__:${token}`).toString('base64');
    expect(redactor.redact(`401 bad token ${token}; Authorization: Basic ${basic}`)).toBe(
      `401 bad token ${REDACTED}; Authorization: Basic ${REDACTED}`,
    );
  });

  it('replaces a docker user:password, its auth value and the password alone', () => {
    const redactor = createRedactor();
    redactor.add('robot:hunter22pass');
    const auth = Buffer.from('robot:hunter22pass').toString('base64');
    expect(redactor.redact(`auth ${auth} password hunter22pass`)).toBe(
      `auth ${REDACTED} password ${REDACTED}`,
    );
  });

  it('redacts every string of a value, errors included, and ignores short or empty values', () => {
    const redactor = createRedactor('abc', '', undefined, 'minted-token-1');
    const value = redactor.redactValue({
      list: ['x minted-token-1 y', 3],
      err: new Error('echo minted-token-1'),
      abc: 'abc',
    });
    expect(value).toMatchObject({
      list: [`x ${REDACTED} y`, 3],
      err: { message: `echo ${REDACTED}` },
      abc: 'abc',
    });
    expect(JSON.stringify(value)).not.toContain('minted-token-1');
  });
});
