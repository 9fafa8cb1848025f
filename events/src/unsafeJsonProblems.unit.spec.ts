import { describe, expect, it } from 'vitest';
import { unsafeJsonProblems } from './unsafeJsonProblems.ts';

function nested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

describe('unsafeJsonProblems', () => {
  it('finds nothing in an ordinary event, parsed or built in code', () => {
    const event = { context: { id: 'e1', type: 't' }, subject: { content: { list: [1, { a: [] }] } } };
    expect(unsafeJsonProblems(event)).toEqual([]);
    expect(unsafeJsonProblems(JSON.parse(JSON.stringify(event)))).toEqual([]);
    expect(unsafeJsonProblems('text')).toEqual([]);
    expect(unsafeJsonProblems(null)).toEqual([]);
  });

  it('reports a __proto__ key where it is, however deep', () => {
    const value = JSON.parse('{"subject":{"content":[{"ok":1},{"__proto__":{"polluted":true}}]}}') as unknown;
    const problems = unsafeJsonProblems(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '/subject/content/1/__proto__', code: 'FIELD_FORBIDDEN_KEY' });
  });

  it('reports nesting as deep as the limit, and not nesting one level shallower', () => {
    expect(unsafeJsonProblems(nested(3), 4)).toEqual([]);
    const problems = unsafeJsonProblems(nested(4), 4);
    expect(problems).toEqual([
      { path: '/next/next/next/next', code: 'DOCUMENT_TOO_DEEP', message: 'nests deeper than 4 levels' },
    ]);
  });

  it('reports a cycle in a value built in code, where it closes', () => {
    const inner: Record<string, unknown> = { id: 'x' };
    const value = { context: { inner } };
    inner['back'] = value;
    const problems = unsafeJsonProblems(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '/context/inner/back', code: 'FIELD_INVALID' });
    expect(problems[0]?.message).toContain('cycle');
  });

  it('checks shared structure once, so a value with 2^60 paths is checked at once and found safe', () => {
    let value: unknown = { leaf: 1 };
    for (let i = 0; i < 60; i++) value = { left: value, right: value };
    expect(unsafeJsonProblems(value)).toEqual([]);
  });
});
