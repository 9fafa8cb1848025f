import { EventsErrorCode } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { CDEvent, ParseResult } from '../parseCDEvent.ts';
import type { Rename } from './legacyContent.ts';
import type { Upcast } from './upcastCDEvent.ts';

type Check = (value: unknown) => ParseResult<CDEvent>;

// A problem found in the upcast shape, reported where the producer put the field.
function atProducersPath(problem: Problem, renames: readonly Rename[]): Problem {
  const rename = renames.find((r) => problem.path === r.to || problem.path.startsWith(`${r.to}/`));
  if (rename === undefined) return problem;
  return { ...problem, path: rename.from + problem.path.slice(rename.to.length) };
}

function unescape(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function withoutFields(value: unknown, pointers: readonly string[]): unknown {
  const copy = structuredClone(value);
  for (const pointer of pointers) {
    const keys = pointer.split('/').slice(1).map(unescape);
    const last = keys.pop();
    let parent: unknown = copy;
    for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
    if (last !== undefined && parent !== null && typeof parent === 'object')
      delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

/**
 * Checks an upcast event against the 0.5.1 schemas. Problems of a legacy event are reported at
 * the producer's field names; a newer type version may carry fields its known version lacks:
 * they stay in the recorded event, and the event read drops them.
 */
export function readUpcast(upcast: Upcast & { ok: true }, check: Check): ParseResult<CDEvent> {
  const result = check(upcast.value);
  if (result.ok || upcast.kind === 'current') return result;
  if (upcast.kind === 'legacy')
    return { ok: false, problems: result.problems.map((p) => atProducersPath(p, upcast.renames)) };
  const unknown = result.problems.filter((p) => p.code === EventsErrorCode.UnknownField);
  if (unknown.length === 0 || unknown.length !== result.problems.length) return result;
  return check(
    withoutFields(
      upcast.value,
      unknown.map((p) => p.path),
    ),
  );
}
