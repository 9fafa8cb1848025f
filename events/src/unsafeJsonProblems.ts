import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';
import { jsonPointer } from './jsonPointer.ts';

/** The nesting depth an event may have; CDEvents need about 6, custom data gets the rest. */
export const DEFAULT_MAX_DEPTH = 64;

type Step = { node: object; path: PropertyKey[]; leave: boolean };

/** Objects the quick check visits at most before it leaves the value to the full walk. */
const QUICK_VISITS = 10_000;
let visitsLeft = 0;

/**
 * The quick check every event passes through (several times on its way to the ledger): no
 * `__proto__` key and no nesting as deep as `maxDepth`, without building paths or sets. Recursion is
 * bounded by `maxDepth`; a cycle shows as nesting too deep, and shared structure that would make the
 * walk long runs out of visits, so anything doubtful goes to the full walk, which says why.
 */
function plainlySafe(node: object, depth: number, maxDepth: number): boolean {
  if (depth >= maxDepth || --visitsLeft < 0) return false;
  for (const key of Object.keys(node)) {
    if (key === '__proto__' || !key.isWellFormed()) return false;
    const child = (node as Record<string, unknown>)[key];
    if (typeof child === 'string' && !child.isWellFormed()) return false;
    if (child !== null && typeof child === 'object' && !plainlySafe(child, depth + 1, maxDepth)) return false;
  }
  return true;
}

const ILL_FORMED =
  'holds a lone UTF-16 surrogate (e.g. the escape \\ud800 without its pair): text must be well-formed Unicode';

/**
 * Problems that make a JSON value unsafe to hand on: `__proto__` keys (merged into an object they
 * would replace its prototype), nesting deeper than `maxDepth`, strings or keys that are not
 * well-formed UTF-16 (a lone surrogate, which JSON's `\uD800` escape can express: no UTF-8 store
 * or hash can keep it, so two such values would collide), and — for values built in code rather
 * than parsed — cycles, which no JSON text can express.
 */
export function unsafeJsonProblems(value: unknown, maxDepth = DEFAULT_MAX_DEPTH): Problem[] {
  if (value === null || typeof value !== 'object') return [];
  visitsLeft = QUICK_VISITS;
  return plainlySafe(value, 0, maxDepth) ? [] : fullWalkProblems(value, maxDepth);
}

// The walk that reports, without recursion, each problem with its path.
function fullWalkProblems(value: object, maxDepth: number): Problem[] {
  const problems: Problem[] = [];
  const report = (path: PropertyKey[], code: Problem['code'], message: string): void => {
    problems.push({ path: jsonPointer(path), code, message });
  };
  const stack: Step[] = [{ node: value, path: [], leave: false }];
  const onPath = new Set<object>();
  // Shared (not cyclic) objects are checked once, so shared structure cannot blow up the walk.
  const done = new WeakSet<object>();
  while (stack.length > 0) {
    const { node, path, leave } = stack.pop() as Step;
    if (leave) {
      onPath.delete(node);
      done.add(node);
      continue;
    }
    if (onPath.has(node)) {
      report(path, EventsErrorCode.FieldInvalid, 'refers back to an enclosing value (a cycle)');
      continue;
    }
    if (done.has(node)) continue;
    if (path.length >= maxDepth) {
      report(path, EventsErrorCode.DocumentTooDeep, `nests deeper than ${maxDepth} levels`);
      continue;
    }
    onPath.add(node);
    stack.push({ node, path, leave: true });
    const children: Step[] = [];
    for (const key of Object.keys(node)) {
      if (key === '__proto__') {
        report([...path, key], EventsErrorCode.ForbiddenKey, 'the key __proto__ is not allowed');
        continue;
      }
      const step = Array.isArray(node) ? Number(key) : key;
      if (!key.isWellFormed())
        report([...path, step], EventsErrorCode.TextIllFormed, `its key ${ILL_FORMED}`);
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'string' && !child.isWellFormed())
        report([...path, step], EventsErrorCode.TextIllFormed, ILL_FORMED);
      if (child !== null && typeof child === 'object') {
        children.push({
          node: child,
          path: [...path, step],
          leave: false,
        });
      }
    }
    // Reversed onto the stack, so problems come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Step);
  }
  return problems;
}
