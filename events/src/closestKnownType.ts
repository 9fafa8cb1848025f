import { eventTypes } from './eventTypes.ts';
import type { KnownEventType } from './eventTypes.ts';
import { parseEventType } from './parseEventType.ts';

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known type a producer most likely meant by `type`: the same subject and predicate at
 * the version shiplog knows, else the nearest spelling; `undefined` when nothing is close.
 */
export function closestKnownType(type: string): KnownEventType | undefined {
  const known = Object.values(eventTypes);
  const parts = parseEventType(type);
  if (parts !== undefined) {
    const sameName = known.find(
      (k) =>
        k.namespace === parts.namespace &&
        k.tool === parts.tool &&
        k.subject === parts.subject &&
        k.predicate === parts.predicate,
    );
    if (sameName !== undefined) return sameName.type;
  }
  const wanted = type.slice(0, 200).toLowerCase();
  let best: { type: KnownEventType; score: number } | undefined;
  for (const k of known) {
    // Compare with and without the version and namespace, so `service.deployed` still finds its type.
    const name = `${k.subject}.${k.predicate}`;
    const forms = [k.type, k.type.slice(0, -k.version.length - 1), name, `${name}.${k.version}`];
    const score = Math.min(...forms.map((f) => distance(wanted, f.toLowerCase()) / Math.max(f.length, 1)));
    if (best === undefined || score < best.score) best = { type: k.type, score };
  }
  return best !== undefined && best.score <= 0.25 ? best.type : undefined;
}
