export { RegistryError, RegistryErrorCode, isRetryable } from './errors.ts';
export type { RegistryErrorDetails } from './errors.ts';
export type {
  ClientOptions,
  Ecosystem,
  FetchFunction,
  Lookup,
  PublishOptions,
  PublishReceipt,
} from './types.ts';
export { sha256Digest, sha512Integrity } from './digests.ts';
export { createCratesClient } from './cratesClient.ts';
export type { CratesClient, CratesClientOptions } from './cratesClient.ts';
export { crateMetadataOf, encodePublishBody, cratesIoIndex } from './crateMetadata.ts';
export type { CrateDependency, CratePublishMetadata } from './crateMetadata.ts';
export { parseIndexFile, sparseIndexPath } from './cratesIndex.ts';
export type { IndexEntry } from './cratesIndex.ts';
export { createPypiClient } from './pypiClient.ts';
export type { PypiClient, PypiClientOptions, PypiPublishOptions } from './pypiClient.ts';
export { normalizePythonName, pythonDistributionOf } from './pythonMetadata.ts';
export type { PythonDistribution } from './pythonMetadata.ts';
export { parseSimpleIndex } from './simpleIndex.ts';
export type { SimpleIndexFile } from './simpleIndex.ts';
export { createNpmClient, npmPathName, packageJsonOf } from './npmClient.ts';
export type { NpmClient, NpmClientOptions, NpmPublishOptions } from './npmClient.ts';
export { createOciClient } from './ociClient.ts';
export type { AttachedReferrer, OciClient, OciClientOptions, ReferrerInput } from './ociClient.ts';
export { cosignTag } from './ociCosignTags.ts';
export type { CosignTagLayer } from './ociCosignTags.ts';
export { wasmArtifactManifest } from './ociWasm.ts';
export type { WasmArtifactManifest, WasmManifestOptions, WasmPublishOptions } from './ociWasm.ts';
export type { OciCredentials } from './ociTransport.ts';
export { ociMediaType } from './ociTypes.ts';
export type { FetchedManifest, OciDescriptor, OciImageManifest } from './ociTypes.ts';
export { fallbackTag } from './ociReferrers.ts';
export { createRedactor, REDACTED } from './redactor.ts';
export type { Redactor } from './redactor.ts';
export { trustedPublishingToken } from './trustedPublishing.ts';
export type { TrustedPublishingOptions } from './trustedPublishing.ts';
export { createGithubClient } from './githubClient.ts';
export type {
  GithubAssetInfo,
  GithubClient,
  GithubClientOptions,
  GithubReleaseInfo,
  NewGithubRelease,
} from './githubClient.ts';
