import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deriveDependencyEdges } from './deriveDependencyEdges.ts';
import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import { checkedOrder, parseReleaseManifest } from './parseReleaseManifest.ts';
import { readDeclaredDependencies } from './readDeclaredDependencies.ts';
import type { ReleaseManifest } from './releaseManifest.ts';

/**
 * Reads and validates a JSON release manifest file (`MANIFEST_UNREADABLE` when it is not JSON),
 * its `dependsOn` completed from each package's own Cargo.toml / package.json (see
 * `deriveDependencyEdges`; a contradicted edge is `MANIFEST_DEPENDENCY_CONTRADICTED`).
 */
export async function readReleaseManifest(file: string): Promise<ReleaseManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ReleaseError(ReleaseErrorCode.ManifestUnreadable, `cannot read release manifest ${file}`, {
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ReleaseError(
      ReleaseErrorCode.ManifestUnreadable,
      `release manifest ${file} is not JSON: ${detail}`,
      {
        cause: err,
      },
    );
  }
  const parsed = parseReleaseManifest(value, file);
  const derived = deriveDependencyEdges(parsed, await readDeclaredDependencies(parsed, dirname(file)));
  if (derived.problems.length > 0) {
    const summary = derived.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new ReleaseError(
      ReleaseErrorCode.DependencyContradicted,
      `invalid release manifest ${file}: ${summary}`,
      { problems: derived.problems },
    );
  }
  return checkedOrder(derived.manifest, file);
}
