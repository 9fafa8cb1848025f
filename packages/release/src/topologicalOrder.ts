/** A node to order: its id and the ids that must come before it. */
export interface OrderNode {
  readonly id: string;
  readonly after: readonly string[];
}

export type OrderResult =
  | { readonly ok: true; readonly order: readonly string[]; readonly waves: readonly (readonly string[])[] }
  | { readonly ok: false; readonly cycle: readonly string[] };

/**
 * Kahn's algorithm in waves, keeping the input order inside each wave so a plan reads like its
 * manifest. Each wave depends only on earlier waves; a cycle is reported by its members.
 */
export function topologicalOrder(nodes: readonly OrderNode[]): OrderResult {
  const done = new Set<string>();
  const waves: string[][] = [];
  let remaining = [...nodes];
  while (remaining.length > 0) {
    const wave = remaining.filter((n) => n.after.every((a) => done.has(a) || !nodes.some((m) => m.id === a)));
    if (wave.length === 0) return { ok: false, cycle: findCycle(remaining) };
    for (const n of wave) done.add(n.id);
    waves.push(wave.map((n) => n.id));
    remaining = remaining.filter((n) => !done.has(n.id));
  }
  return { ok: true, order: waves.flat(), waves };
}

function findCycle(remaining: readonly OrderNode[]): string[] {
  const byId = new Map(remaining.map((n) => [n.id, n]));
  const path: string[] = [];
  let current = remaining[0];
  while (current !== undefined && !path.includes(current.id)) {
    path.push(current.id);
    const next = current.after.find((a) => byId.has(a));
    current = next === undefined ? undefined : byId.get(next);
  }
  if (current === undefined) return path;
  return [...path.slice(path.indexOf(current.id)), current.id];
}
