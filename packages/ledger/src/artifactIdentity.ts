/**
 * How the ledger recognises one artifact across events: by the digest of its bytes when any event
 * names it (a purl version `sha256:…`, a `checksum` qualifier — which wins over an OCI purl's
 * version, the manifest digest — or a shiplog `digest` field), and by
 * its package name and version (`pkg:npm/app@1.2.0`) to notice the same version built twice.
 */
export interface ArtifactIdentity {
  /** `sha256:<hex>` when known. */
  readonly digest?: string;
  /** The purl without qualifiers or subpath: `pkg:type/namespace/name@version`. */
  readonly nameVersion?: string;
}

const digestPattern = /^sha256:[0-9a-f]{64}$/;

function decode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function qualifier(query: string, name: string): string | undefined {
  for (const pair of query.split('&')) {
    const [key, value] = pair.split('=');
    if (key?.toLowerCase() === name && value !== undefined && value !== '') return decode(value);
  }
  return undefined;
}

function digestFromQualifiers(query: string): string | undefined {
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key?.toLowerCase() !== 'checksum' && key?.toLowerCase() !== 'digest') continue;
    for (const candidate of decode(value).split(',')) {
      const normalised = candidate.trim().toLowerCase();
      if (digestPattern.test(normalised)) return normalised;
    }
  }
  return undefined;
}

/** The identity a package URL gives: its digest when it carries one, and its name@version. */
export function purlIdentity(purl: string): ArtifactIdentity {
  const withoutSubpath = purl.split('#')[0] ?? purl;
  const queryAt = withoutSubpath.indexOf('?');
  const base = queryAt === -1 ? withoutSubpath : withoutSubpath.slice(0, queryAt);
  const query = queryAt === -1 ? '' : withoutSubpath.slice(queryAt + 1);
  const versionAt = base.lastIndexOf('@');
  const version = versionAt > base.indexOf('/') ? decode(base.slice(versionAt + 1)).toLowerCase() : undefined;
  const versionIsDigest = version !== undefined && digestPattern.test(version);
  // shiplog's OCI purls carry the manifest digest as version (purl-spec) and the file's digest as
  // `checksum`: the file's digest is what the ledger files a build's evidence under.
  const checksum = digestFromQualifiers(query);
  const digest =
    versionIsDigest && !(base.startsWith('pkg:oci/') && checksum !== undefined) ? version : checksum;
  // An OCI purl's version is the digest (or left out); its human version is the `tag` qualifier.
  const tag =
    versionIsDigest || (version === undefined && base.startsWith('pkg:oci/'))
      ? qualifier(query, 'tag')
      : undefined;
  const name = versionAt > 0 ? base.slice(0, versionAt) : base;
  const nameVersion =
    tag !== undefined ? `${name}@${tag}` : version === undefined || versionIsDigest ? undefined : base;
  return {
    ...(digest === undefined ? {} : { digest }),
    ...(nameVersion === undefined ? {} : { nameVersion }),
  };
}

/** The identity of a shiplog artifact reference (`{digest?, purl?}`). */
export function refIdentity(ref: { readonly digest?: string; readonly purl?: string }): ArtifactIdentity {
  const fromPurl = ref.purl === undefined ? {} : purlIdentity(ref.purl);
  const digest = ref.digest ?? fromPurl.digest;
  return {
    ...(digest === undefined ? {} : { digest }),
    ...(fromPurl.nameVersion === undefined ? {} : { nameVersion: fromPurl.nameVersion }),
  };
}

/** Whether a text is a digest as shiplog writes them: `sha256:` and 64 lowercase hex digits. */
export function isDigest(text: string): boolean {
  return digestPattern.test(text);
}

/*
 * The filing rule, the one place it is written. A fact about an artifact is filed under its
 * digest when it names one, else under its name@version (`artifactKey`): that is the read models'
 * key and `why`'s. The recorder's view also indexes builds by name@version (`filingKeys`) to see
 * the same version built twice. Evidence counts for requested bytes (`sameArtifact`) when it names
 * the same digest, or names no digest but the same name@version; evidence about other bytes of
 * the same version never counts.
 */

/** The key a fact about this artifact is filed under: its digest, else its name@version. */
export function artifactKey(identity: ArtifactIdentity): string | undefined {
  return identity.digest ?? identity.nameVersion;
}

/** `artifactKey` as a list: empty for an artifact named by neither. */
export function artifactKeys(identity: ArtifactIdentity): string[] {
  const key = artifactKey(identity);
  return key === undefined ? [] : [key];
}

/** Every key the recorder's view indexes this artifact under: its digest and its name@version. */
export function filingKeys(identity: ArtifactIdentity): string[] {
  return [identity.digest, identity.nameVersion].filter((k): k is string => k !== undefined);
}

/** Whether evidence about `identity` is evidence about the `requested` bytes (see the rule above). */
export function sameArtifact(requested: ArtifactIdentity, identity: ArtifactIdentity): boolean {
  if (requested.digest !== undefined && identity.digest !== undefined)
    return identity.digest === requested.digest;
  return identity.nameVersion !== undefined && identity.nameVersion === requested.nameVersion;
}

/** The identity a filing key stands for: a digest or a name@version. */
export function identityOfKey(key: string | null): { digest: string | null; nameVersion: string | null } {
  if (key === null) return { digest: null, nameVersion: null };
  return key.startsWith('sha256:') ? { digest: key, nameVersion: null } : { digest: null, nameVersion: key };
}

type ReleaseRef = { readonly release: string; readonly version: string };

/**
 * The ids shiplog's release steps record their facts under, one scheme each: a step finds another's
 * fact by building its id here (never by a template of its own), so a scheme changes in one place.
 */
export const releaseIds = Object.freeze({
  /** A release: `<release>@<version>`, what `release resume` and `release status` accept. */
  release: (r: ReleaseRef): string => `${r.release}@${r.version}`,
  /** The subject every run event of a release names. */
  releaseSubject: (r: ReleaseRef): string => `release/${r.release}/${r.version}`,
  /** The change a release's builds name. */
  releaseChange: (r: ReleaseRef): string => `release-${r.release}-${r.version}`,
  /** Run `run` of a release: its start, its summary and its gate decision. */
  runStarted: (releaseId: string, run: number): string => `${releaseId}.run.${run}.started`,
  runFinished: (releaseId: string, run: number): string => `${releaseId}.run.${run}.finished`,
  runGate: (releaseId: string, run: number): string => `${releaseId}.run.${run}.gate`,
  /** One package's build job: stable, so enqueuing a release twice stores each job once. */
  buildJob: (r: ReleaseRef, packageName: string): string =>
    `${r.release}@${r.version}.${packageName.replace(/[^A-Za-z0-9._-]/g, '_')}`,
  /** A build job's failure. */
  buildFailed: (jobId: string): string => `${jobId}.failed`,
  /** File `index` a build job packaged. */
  packaged: (jobId: string, index: number): string => `${jobId}.packaged.${index}`,
  /** The SBOM/sign job of one built file: `<build job id>.<file index>`. */
  fileJob: (jobId: string, index: number): string => `${jobId}.${index}`,
  /** The file job a packaged event id names; undefined for another id. */
  fileJobOfPackaged: (packagedEventId: string): string | undefined => {
    const match = /^(.+)\.packaged\.(\d+)$/.exec(packagedEventId);
    return match === null ? undefined : `${match[1]}.${match[2]}`;
  },
  /** A file job's SBOM, signature and attestation facts. */
  sbom: (fileJobId: string): string => `${fileJobId}.sbom`,
  signed: (fileJobId: string): string => `${fileJobId}.signed`,
  attestation: (fileJobId: string): string => `${fileJobId}.attestation`,
  /** File `index` a publish job published, or found to differ from what was built. */
  published: (jobId: string, index: number): string => `${jobId}.published.${index}`,
  digestMismatch: (jobId: string, index: number): string => `${jobId}.digest-mismatch.${index}`,
});
