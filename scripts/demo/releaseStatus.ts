// Reads what `shiplog release status ID --json` prints (release-contract.md): the built artifacts.
import { readFile } from 'node:fs/promises';
import { packagePurl } from '@shiplog/release';
import type { ReleaseEcosystem } from '@shiplog/release';
import { release } from './demoStory.ts';

export interface StatusArtifact {
  readonly package: string;
  readonly fileName: string;
  readonly digest: string;
  /** The package URL the build recorded (with `file_name` when its package has several files). */
  readonly purl: string;
}

interface StatusDocument {
  readonly status: string;
  readonly packages: readonly { readonly name: string; readonly ecosystem: ReleaseEcosystem }[];
  readonly artifacts: readonly {
    readonly package: string;
    readonly fileName: string;
    readonly digest: string;
    readonly purl?: string;
  }[];
}

/** The artifacts of a status document file; throws naming what is missing. */
export async function readStatusArtifacts(path: string): Promise<StatusArtifact[]> {
  const status = JSON.parse(await readFile(path, 'utf8')) as Partial<StatusDocument>;
  const artifacts: StatusDocument['artifacts'] = status.artifacts ?? [];
  if (artifacts.length === 0) throw new Error(`${path}: no artifacts in the release status`);
  const ecosystems = new Map((status.packages ?? []).map((p) => [p.name, p.ecosystem]));
  return artifacts.map((a) => {
    const ecosystem = ecosystems.get(a.package);
    if (ecosystem === undefined)
      throw new Error(`${path}: artifact ${a.fileName} names unknown package ${a.package}`);
    const several = artifacts.filter((b) => b.package === a.package).length > 1;
    const purl =
      a.purl ??
      packagePurl({ ecosystem, name: a.package }, release.version, {
        digest: a.digest,
        ...(several ? { fileName: a.fileName } : {}),
      });
    return { package: a.package, fileName: a.fileName, digest: a.digest, purl };
  });
}
