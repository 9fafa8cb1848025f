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

// A word close enough to be a slip of the keyboard: at most a quarter of it differs.
function closeness(wanted: string, known: string): number | undefined {
  if (wanted === known) return 0;
  const d = distance(wanted, known) / Math.max(known.length, 1);
  return d <= 0.25 ? d : undefined;
}

// `subject.predicate` of a type as written, without namespace and version: `service.deployed`.
function nameOf(type: string): { subject: string; predicate: string } | undefined {
  const words = type
    .slice(0, 200)
    .toLowerCase()
    .replace(/^dev\.cdeventsx?\./, '')
    .replace(/\.v?\d+(\.\d+)*(-[\w.]+)?\s*$/, '')
    .split('.');
  const [subject, predicate] = words.slice(-2);
  return words.length >= 2 && subject && predicate ? { subject, predicate } : undefined;
}

/**
 * The known type a producer most likely meant by `type`: the same subject and predicate at the
 * version shiplog knows, else one whose subject and predicate are both the same or a near
 * spelling (`service.deploy` → `service.deployed`); `undefined` when none is, so an unrelated
 * type (`approval.created`) is never suggested for sharing a word with it.
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
  const wanted = nameOf(type);
  if (wanted === undefined) return undefined;
  let best: { type: KnownEventType; score: number } | undefined;
  for (const k of known) {
    const subject = (k.tool === undefined ? k.subject : `${k.tool}-${k.subject}`).toLowerCase();
    const s = closeness(wanted.subject, subject);
    const p = closeness(wanted.predicate, k.predicate.toLowerCase());
    if (s === undefined || p === undefined) continue;
    if (best === undefined || s + p < best.score) best = { type: k.type, score: s + p };
  }
  return best?.type;
}
