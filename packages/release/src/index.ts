export { ReleaseError, ReleaseErrorCode } from './errors.ts';
export type { ManifestProblem } from './errors.ts';
export {
  buildRecipe,
  credentialSource,
  platformLabel,
  registryTarget,
  releaseEcosystem,
  releaseManifest,
  releasePackage,
} from './releaseManifest.ts';
export type {
  BuildRecipe,
  CredentialSource,
  RegistryTarget,
  ReleaseEcosystem,
  ReleaseManifest,
  ReleasePackage,
} from './releaseManifest.ts';
export { packageVersion } from './releaseManifest.ts';
export { fieldPath, parseReleaseManifest } from './parseReleaseManifest.ts';
export { deriveDependencyEdges } from './deriveDependencyEdges.ts';
export type { DeclaredDependencies } from './deriveDependencyEdges.ts';
export { readDeclaredDependencies } from './readDeclaredDependencies.ts';
export { inspectArtifact } from './inspectArtifact.ts';
export type { ArtifactKind, InspectedArtifact } from './inspectArtifact.ts';
export { artifactMismatchError, checkArtifactsAgainstManifest } from './checkArtifactsAgainstManifest.ts';
export type { ArtifactMismatch, MismatchField, ReleaseFile } from './checkArtifactsAgainstManifest.ts';
export { readReleaseManifest } from './readReleaseManifest.ts';
export { registryIndex } from './registryIndex.ts';
export { planRelease } from './releasePlan.ts';
export type { PlannedBuild, PlannedPublish, ReleasePlan } from './releasePlan.ts';
export { topologicalOrder } from './topologicalOrder.ts';
export type { OrderNode, OrderResult } from './topologicalOrder.ts';
export { packageNameVersions, packagePurl } from './packagePurl.ts';
export type { PurlQualifiers, PurlTarget } from './packagePurl.ts';
export { findReleaseArtifacts } from './releaseArtifacts.ts';
export type { ReleaseArtifact } from './releaseArtifacts.ts';
export { decideReleaseGate } from './releaseGate.ts';
export type { ArtifactGateDecision, ReleaseGateDecision, ReleaseGateOptions } from './releaseGate.ts';
