import { standardEventSchemas } from '@shiplog/events';
import { purlIdentity } from '@shiplog/ledger';
import { storedValue } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { packageNameVersions } from './packagePurl.ts';
import { packageVersion } from './releaseManifest.ts';
import type { ReleaseManifest } from './releaseManifest.ts';

/** One built file of a release package, as the ledger knows it. */
export interface ReleaseArtifact {
  readonly package: string;
  readonly digest: string;
  readonly purl: string;
}

/**
 * The artifacts the ledger says were built for this manifest's version: every `artifact.packaged`
 * whose purl names one of its packages at its version and carries a digest. Scans the log (the
 * store port lists no streams); fine for a team's ledger, an index projection would serve a big one.
 */
export async function findReleaseArtifacts(
  store: EventStore,
  manifest: ReleaseManifest,
): Promise<ReleaseArtifact[]> {
  const wanted = new Map(
    manifest.packages.flatMap((p) =>
      packageNameVersions(p, packageVersion(manifest, p)).map((key) => [key, p.name]),
    ),
  );
  const found = new Map<string, ReleaseArtifact>();
  for await (const record of store.readAll()) {
    if (record.type !== 'dev.cdevents.artifact.packaged.0.3.0') continue;
    const parsed = standardEventSchemas['dev.cdevents.artifact.packaged.0.3.0'].safeParse(
      storedValue(record),
    );
    if (!parsed.success) continue;
    const purl = parsed.data.subject.id;
    const identity = purlIdentity(purl);
    const name = identity.nameVersion === undefined ? undefined : wanted.get(identity.nameVersion);
    if (name === undefined || identity.digest === undefined) continue;
    found.set(`${name} ${identity.digest}`, { package: name, digest: identity.digest, purl });
  }
  return [...found.values()];
}
