import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseApiConfig } from './apiConfig.ts';
import { allows, createAuthenticator, parseApiTokens } from './apiTokens.ts';
import { ApiError, ApiErrorCode } from './errors.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function problemsOf(run: () => unknown): { code: string; paths: string[] } {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, paths: err.problems.map((p) => p.path) };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseApiTokens', () => {
  it('reads name:role:sha256 entries from a list or a file with comments', () => {
    const text = `# auditors\naudit:auditor:${sha256('a')}\n\nci:emitter:${sha256('b').toUpperCase()},ops:admin:${sha256('c')}`;
    expect(parseApiTokens(text, 'file')).toEqual([
      { name: 'audit', role: 'auditor', sha256: sha256('a') },
      { name: 'ci', role: 'emitter', sha256: sha256('b') },
      { name: 'ops', role: 'admin', sha256: sha256('c') },
    ]);
  });

  it('names every bad entry, and refuses a name configured twice', () => {
    const text = `a:auditor:${sha256('a')},b:reader:${sha256('b')},c:emitter:not-a-hash,a:emitter:${sha256('d')}`;
    expect(problemsOf(() => parseApiTokens(text, 'SHIPLOG_API_TOKENS'))).toEqual({
      code: ApiErrorCode.ConfigInvalid,
      paths: ['SHIPLOG_API_TOKENS[1]', 'SHIPLOG_API_TOKENS[2]', 'SHIPLOG_API_TOKENS'],
    });
  });
});

describe('roles and bearer tokens', () => {
  it('lets auditors read, emitters write and admins do both', () => {
    expect([allows('auditor', 'read'), allows('auditor', 'write')]).toEqual([true, false]);
    expect([allows('emitter', 'read'), allows('emitter', 'write')]).toEqual([false, true]);
    expect([allows('admin', 'read'), allows('admin', 'write')]).toEqual([true, true]);
  });

  it('finds the token a Bearer header presents, and nothing else', () => {
    const authenticate = createAuthenticator([
      { name: 'audit', role: 'auditor', sha256: sha256('s3cret-a') },
      { name: 'ci', role: 'emitter', sha256: sha256('s3cret-b') },
    ]);
    expect(authenticate('Bearer s3cret-b')?.name).toBe('ci');
    expect(authenticate('bearer  s3cret-a')?.name).toBe('audit');
    for (const header of [
      undefined,
      '',
      's3cret-a',
      'Basic s3cret-a',
      'Bearer s3cret-c',
      `Bearer ${sha256('s3cret-a')}`,
    ])
      expect(authenticate(header)).toBeUndefined();
  });
});

describe('parseApiConfig', () => {
  it('defaults to 127.0.0.1:8080 and is frozen', () => {
    const config = parseApiConfig({ SHIPLOG_API_TOKENS: `a:auditor:${sha256('a')}` });
    expect(config).toMatchObject({ SHIPLOG_API_HOST: '127.0.0.1', SHIPLOG_API_PORT: 8080 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable, and refuses to start without tokens', () => {
    expect(
      problemsOf(() =>
        parseApiConfig({
          SHIPLOG_API_PORT: 'eighty',
          SHIPLOG_API_MAX_BODY_BYTES: '12',
          SHIPLOG_API_TOKENS: 'x',
        }),
      ).paths,
    ).toEqual(['SHIPLOG_API_PORT', 'SHIPLOG_API_MAX_BODY_BYTES']);
    expect(problemsOf(() => parseApiConfig({})).paths).toEqual(['SHIPLOG_API_TOKENS']);
  });
});
