/**
 * How the ledger tells environments apart. A name's identity is its NFKC case fold: `Production`,
 * `PRODUCTION`, `ｐｒｏｄｕｃｔｉｏｎ` and the NFD spelling of `prodüction` are one environment each
 * time. Its skeleton goes further, for look-alikes: letters of other scripts that look Latin
 * (Cyrillic `о`, Greek `ο`…), marks and invisible characters, `0`/`1` for `o`/`l` — so
 * `prоduction` with a Cyrillic `о` has the skeleton of `production` but another identity.
 */
export function environmentIdentity(name: string): string {
  // Lower, upper, lower: full case folding for what toLowerCase alone misses (ß and ẞ, ᾀ).
  return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

// Characters of other scripts drawn like Latin letters (after case folding), from Unicode's
// confusables.txt: Cyrillic, Greek, Armenian and a few Latin extensions.
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  ԍ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ɑ: 'a',
  ɡ: 'g',
  ı: 'i',
  ȷ: 'j',
  ℓ: 'l',
  օ: 'o',
  ս: 'u',
  ց: 'g',
  հ: 'h',
  զ: 'q',
  '0': 'o',
  '1': 'l',
  '|': 'l',
};

/** The skeleton of an environment name: what it looks like, for catching look-alikes. */
export function environmentSkeleton(name: string): string {
  const folded = environmentIdentity(name).normalize('NFKD');
  let out = '';
  for (const ch of folded) {
    // Combining marks and invisible format characters (zero-width joiners, soft hyphens) add nothing seen.
    if (/[\p{M}\p{Cf}]/u.test(ch)) continue;
    out += LOOKALIKES[ch] ?? ch;
  }
  return out;
}

/** The approval environment `name` is, or looks like (by identity, else by skeleton); undefined when none. */
export function approvalEnvironmentOf(
  name: string,
  approvalEnvironments: readonly string[],
): { readonly environment: string; readonly lookalike: boolean } | undefined {
  const identity = environmentIdentity(name);
  const same = approvalEnvironments.find((e) => environmentIdentity(e) === identity);
  if (same !== undefined) return { environment: same, lookalike: false };
  const skeleton = environmentSkeleton(name);
  const like = approvalEnvironments.find((e) => environmentSkeleton(e) === skeleton);
  return like === undefined ? undefined : { environment: like, lookalike: true };
}
