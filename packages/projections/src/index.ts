export { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
export { openProjections } from './openProjections.ts';
export type { OpenProjectionsOptions, Projections } from './openProjections.ts';
export type { FollowOptions } from './follow.ts';
export { replay } from './replay.ts';
export { verifyProjections } from './verifyProjections.ts';
export type {
  ModelContent,
  ProjectionsVerification,
  ReadModelVerdict,
  VerifyProjectionsOptions,
} from './verifyProjections.ts';
export type { RowDifference } from './sqlite/firstDifference.ts';
export type { ReplayOptions, ReplayResult } from './replay.ts';
export { projectionsPathFor } from './projectionsPath.ts';
export { doraMetrics, medianSeconds } from './doraMetrics.ts';
export type { DoraChange, DoraDeployment, DoraFigures, DoraIncident, DoraInput } from './doraMetrics.ts';
export type { Checkpoint } from './sqlite/projectionWriter.ts';
export type {
  ArtifactChain,
  ChainStep,
  DeployAction,
  DeployedAnswer,
  DeployedQuery,
  DeployedService,
  ObservedRuntime,
  RuntimeDriftCode,
  DeploymentOutcome,
  DeploymentWhy,
  DoraAnswer,
  DoraQuery,
  HistoryAnswer,
  HistoryEntry,
  HistoryQuery,
  WhyAnswer,
  WhyEvent,
} from './answers.ts';
