import type { ReleasePackage } from '@shiplog/release';
import { registryIndex } from '@shiplog/release';
import {
  createCratesClient,
  createNpmClient,
  createOciClient,
  createPypiClient,
  sha512Integrity,
} from '@shiplog/registries';
import type { CosignTagLayer, FetchFunction, OciCredentials, PublishReceipt } from '@shiplog/registries';
import { WorkerError, WorkerErrorCode } from '../errors.ts';
import { wasmManifestOptions } from '../ociWasmManifest.ts';

/** One file of a package about to go to its registry, with the digest the ledger recorded. */
export interface PublishFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly digest: string;
  /** OCI config `created`: what the build recorded with the manifest digest (else when it recorded the file). */
  readonly builtAt: string;
}

/** What the registry holds for a file's version: nothing, these bytes, or other bytes. */
export type RegistryHolding = 'absent' | 'same' | 'other';

/** A document attached to a published artifact (OCI referrers: its signature bundle, its SBOM). */
export interface Attachment {
  readonly mediaType: string;
  readonly content: Uint8Array;
  /** On the referrer manifest (cosign's `dev.sigstore.bundle.*`). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** cosign's tag scheme (`sha256-<hex>.att` / `.sbom`), written where the registry has no referrers API. */
  readonly cosignTag?: CosignTagLayer;
}

/** One package's registry, whatever the ecosystem: look up a file, publish it. */
export interface PackagePublisher {
  holding(file: PublishFile): Promise<RegistryHolding>;
  publish(file: PublishFile): Promise<PublishReceipt>;
  /** OCI only: attaches documents to the published manifest as referrers; their digests. */
  attach?(receipt: PublishReceipt, attachments: readonly Attachment[]): Promise<string[]>;
  /** npm only: point `latest` at the version once the whole release is out. */
  promote?(): Promise<void>;
}

export interface RegistryPublisherOptions {
  readonly version: string;
  /** The credential the manifest's `credentials` resolved to. */
  readonly credential: string;
  /** npm: the dist-tag a version goes out under before `latest` moves. */
  readonly stagingTag: string;
  readonly fetch?: FetchFunction;
}

function ociCredentials(credential: string): OciCredentials {
  const colon = credential.indexOf(':');
  return colon > 0
    ? { username: credential.slice(0, colon), password: credential.slice(colon + 1) }
    : { token: credential };
}

function indexOf(pkg: ReleasePackage): string {
  const index = registryIndex(pkg);
  if (index === undefined) {
    throw new WorkerError(WorkerErrorCode.ConfigInvalid, `${pkg.name}: no registry index is known`);
  }
  return index;
}

/** npm access of a package: the manifest's, else `public` for a scoped name (new scoped packages are not private). */
export function npmAccess(pkg: ReleasePackage): 'public' | 'restricted' | undefined {
  return pkg.registry.access ?? (pkg.name.startsWith('@') ? 'public' : undefined);
}

/** The publisher of one manifest package at `options.version`, by its ecosystem's client. */
export function registryPublisher(pkg: ReleasePackage, options: RegistryPublisherOptions): PackagePublisher {
  const { version, credential } = options;
  const http = options.fetch === undefined ? {} : { fetch: options.fetch };
  const sameOr = (found: { state: string; digest?: string }, expected: string): RegistryHolding =>
    found.state === 'absent' ? 'absent' : found.digest === expected ? 'same' : 'other';
  switch (pkg.ecosystem) {
    case 'npm': {
      const npm = createNpmClient({ ...http, registryUrl: pkg.registry.url, token: credential });
      return {
        holding: async (file) => sameOr(await npm.lookup(pkg.name, version), sha512Integrity(file.bytes)),
        publish: (file) => {
          const access = npmAccess(pkg);
          return npm.publish(file.bytes, {
            tag: options.stagingTag,
            expectedDigest: file.digest,
            ...(access === undefined ? {} : { access }),
          });
        },
        promote: () => npm.setDistTag(pkg.name, 'latest', version),
      };
    }
    case 'cargo': {
      const crates = createCratesClient({
        ...http,
        apiUrl: pkg.registry.url,
        indexUrl: indexOf(pkg),
        token: credential,
      });
      return {
        holding: async (file) => sameOr(await crates.lookup(pkg.name, version), file.digest),
        publish: (file) => crates.publish(file.bytes, { expectedDigest: file.digest }),
      };
    }
    case 'pypi': {
      const pypi = createPypiClient({
        ...http,
        uploadUrl: pkg.registry.url,
        indexUrl: indexOf(pkg),
        token: credential,
      });
      return {
        holding: async (file) => sameOr(await pypi.lookup(pkg.name, version, file.fileName), file.digest),
        publish: (file) => pypi.publish(file.bytes, file.fileName, { expectedDigest: file.digest }),
      };
    }
    case 'oci-wasm': {
      const repository = pkg.registry.repository ?? pkg.name;
      const oci = createOciClient({
        ...http,
        registryUrl: pkg.registry.url,
        credentials: ociCredentials(credential),
      });
      return {
        holding: async (file) => sameOr(await oci.lookup(repository, version), file.digest),
        publish: (file) =>
          oci.publishWasm(repository, version, file.bytes, {
            ...wasmManifestOptions(file.fileName, file.builtAt),
            expectedDigest: file.digest,
          }),
        attach: async (receipt, attachments) => {
          const manifest = await oci.fetchManifest(repository, String(receipt.details['manifestDigest']));
          if (manifest === undefined) {
            throw new WorkerError(
              WorkerErrorCode.ArtifactMissing,
              `${repository}@${version} has no manifest to attach to`,
            );
          }
          const subject = {
            mediaType: manifest.mediaType,
            digest: manifest.digest,
            size: manifest.bytes.length,
          };
          const attached: string[] = [];
          for (const a of attachments) {
            const input = { ...a, artifactType: a.mediaType };
            attached.push((await oci.attachReferrer(repository, subject, input)).digest);
          }
          return attached;
        },
      };
    }
  }
}
