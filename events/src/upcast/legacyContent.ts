/** A field the upcaster renamed: problems found at `to` are reported at `from`, where the producer put it. */
export interface Rename {
  readonly from: string;
  readonly to: string;
}

// Content changes between the schemas of spec 0.3.0–0.4.1 and 0.5.1, by `subject.predicate`.
const urlBecameUri = new Set([
  'environment.created',
  'environment.modified',
  'pipelinerun.finished',
  'pipelinerun.queued',
  'pipelinerun.started',
  'repository.created',
  'repository.deleted',
  'repository.modified',
  'taskrun.finished',
  'taskrun.started',
]);
const outcomeRenamed = new Set(['testcaserun.finished', 'testsuiterun.finished']);
// The legacy test outcomes `pass` and `fail` are 0.5.1's `success` and `failure`.
const outcomeTerms: Readonly<Record<string, string>> = { pass: 'success', fail: 'failure' };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function renameKey(
  object: Record<string, unknown>,
  from: string,
  to: string,
  at: string,
  renames: Rename[],
): Record<string, unknown> {
  if (!Object.hasOwn(object, from) || Object.hasOwn(object, to)) return object;
  const { [from]: value, ...rest } = object;
  renames.push({ from: `${at}/${from}`, to: `${at}/${to}` });
  return { ...rest, [to]: value };
}

/**
 * The subject content of a legacy `subject.predicate`, in 0.5.1's words: `url` → `uri` (pipeline
 * and task runs, environments, repositories, a test suite's `testSuite`), test outcomes
 * `pass`/`fail` → `success`/`failure`. Anything else is left for the 0.5.1 schema to judge.
 */
export function upcastContent(name: string, content: unknown, renames: Rename[]): unknown {
  if (!isObject(content)) return content;
  const at = '/subject/content';
  let next = content;
  if (urlBecameUri.has(name)) next = renameKey(next, 'url', 'uri', at, renames);
  if (name === 'testsuiterun.queued' && isObject(next.testSuite)) {
    next = { ...next, testSuite: renameKey(next.testSuite, 'url', 'uri', `${at}/testSuite`, renames) };
  }
  if (outcomeRenamed.has(name) && typeof next.outcome === 'string') {
    const term = outcomeTerms[next.outcome];
    if (term !== undefined) next = { ...next, outcome: term };
  }
  return next;
}
