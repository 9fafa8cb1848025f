export { WorkerError, WorkerErrorCode } from './errors.ts';
export { createLocalArtifactStore } from './artifactStore.ts';
export { createOciArtifactStore } from './ociArtifactStore.ts';
export type { OciArtifactStoreOptions } from './ociArtifactStore.ts';
export type { ArtifactStore, StoredBlob } from './artifactStore.ts';
export { builtArtifact, buildJob, publishJob, sbomJob, signJob, WorkerQueue } from './jobs.ts';
export type { BuildJob, BuiltArtifact, PublishJob, SbomJob, SignJob } from './jobs.ts';
export { silentWorkerLogger } from './workerContext.ts';
export type { WorkerContext, WorkerLogger } from './workerContext.ts';
export { runRecipe } from './runRecipe.ts';
export type { RecipeOutput, RunRecipeOptions } from './runRecipe.ts';
export { handleBuildJob } from './buildWorker.ts';
export type { BuildOutcome } from './buildWorker.ts';
export { handleSbomJob } from './sbomWorker.ts';
export type { SbomOutcome } from './sbomWorker.ts';
export { handleSignJob, SHIPLOG_BUILD_TYPE } from './signWorker.ts';
export type { SignOutcome } from './signWorker.ts';
export { startWorker, workerJobQueues } from './startWorker.ts';
export type { StartWorkerOptions, WorkerKind } from './startWorker.ts';
export { enqueueJob } from './enqueueJob.ts';
export { buildJobId, buildJobOf, followUpJobId } from './buildJobs.ts';
export { readRecordedEntry, readRecordedRun, entryDigestOf } from './recordedEntry.ts';
export type { RecordedEntry, RecordedRun, RunRef } from './recordedEntry.ts';
export { WORKERS_PRODUCER } from './recordOutcome.ts';
export type { RefusedJob } from './refuseJob.ts';
export { runWorker } from './runWorker.ts';
export { ensureTopologyIfAllowed } from './ensureTopologyIfAllowed.ts';
export { configuredSecrets, parseWorkerConfig, workerEnvSchema } from './workerConfig.ts';
export { redactingLogger } from './redactingLogger.ts';
// The redactor of a release run's configured credentials (the CLI builds its context with it).
export { createRedactor } from '@shiplog/registries';
export type { Redactor } from '@shiplog/registries';
export type { WorkerConfig } from './workerConfig.ts';
export { artifactStoreOf, recipeEnvOf, signingOf } from './workerSetup.ts';
export { handlePublishJob, publishedEventId } from './publish/publishWorker.ts';
export type { PublishAccess } from './publish/publishAccess.ts';
export type { PublishedFile, PublishOutcome } from './publish/publishOutcome.ts';
export { registryCredential } from './publish/registryCredential.ts';
export type { CredentialOptions } from './publish/registryCredential.ts';
export { registryPublisher } from './publish/registryPublisher.ts';
export type {
  Attachment,
  PackagePublisher,
  PublishFile,
  RegistryHolding,
} from './publish/registryPublisher.ts';
export { defaultRetryPolicy, withRegistryRetries } from './publish/withRegistryRetries.ts';
export type { RegistryWait, RetryPolicy } from './publish/withRegistryRetries.ts';
export { runRelease } from './release/runRelease.ts';
export type { RunReleaseOptions } from './release/runRelease.ts';
export { parseReleaseId, releaseIdOf } from './release/releaseId.ts';
export { readReleaseStatus, recordedManifest, runCount } from './release/releaseStatus.ts';
export { rememberedPolicy } from './release/rememberedPolicy.ts';
export type { ReleaseRun, ReleaseStatusReport } from './release/releaseStatus.ts';
export type {
  GateLine,
  PackageReport,
  ReleaseProgress,
  ReleaseReport,
  ReleaseStatus,
} from './release/releaseReport.ts';
export { handInArtifacts, reportMatrixFailure } from './release/handInArtifacts.ts';
export type { HandedInFile, HandedInResult, HandInOptions, HandInReport } from './release/handInArtifacts.ts';
export { checkHandedInArtifact } from './release/checkHandedInArtifact.ts';
export { publishGithubRelease } from './release/githubRelease.ts';
export type { GithubReleaseOutcome, GithubReleaseTarget } from './release/githubRelease.ts';
// The GitHub client of the release step (the CLI builds it from SHIPLOG_GITHUB_*).
export { createGithubClient } from '@shiplog/registries';
