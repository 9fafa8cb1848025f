/** The sparse-index path of a crate: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…` (lowercased). */
export function sparseIndexPath(name: string): string {
  const n = name.toLowerCase();
  if (n.length === 1) return `1/${n}`;
  if (n.length === 2) return `2/${n}`;
  if (n.length === 3) return `3/${n[0] ?? ''}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

/** One line of a sparse index file, the fields shiplog reads. */
export interface IndexEntry {
  readonly name: string;
  readonly vers: string;
  readonly cksum: string;
  readonly yanked: boolean;
}

/** Parses an index file (one JSON object per line); malformed lines are skipped, as cargo does. */
export function parseIndexFile(text: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      const { name, vers, cksum, yanked } = value;
      if (typeof name === 'string' && typeof vers === 'string' && typeof cksum === 'string') {
        entries.push({ name, vers, cksum, yanked: yanked === true });
      }
    } catch {
      // a line cargo could not read either
    }
  }
  return entries;
}
