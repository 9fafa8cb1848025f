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
export { doraMetrics, medianSeconds, redeploysAsRollbacks } from './doraMetrics.ts';
export type {
  DoraChange,
  DoraDeployment,
  DoraFailedCheck,
  DoraFigures,
  DoraIncident,
  DoraInput,
} from './doraMetrics.ts';
export { doraPerformance } from './doraTier.ts';
export type { DoraPerformance, DoraTier } from './doraTier.ts';
export { doraTrend } from './doraTrend.ts';
export type { DoraWeek } from './doraTrend.ts';
export type { Checkpoint } from './sqlite/projectionWriter.ts';
export type {
  ArtifactChain,
  ChainStep,
  DeployAction,
  DeployedAnswer,
  DeployedQuery,
  DeployedService,
  DecidedRollback,
  DeploymentHealth,
  ObservedRuntime,
  RuntimeDriftCode,
  DeploymentOutcome,
  DeploymentWhy,
  DoraAnswer,
  DoraQuery,
  HistoryAnswer,
  HistoryEntry,
  HistoryQuery,
  RollbackTargetAnswer,
  RollbackTargetQuery,
  WhyAnswer,
  WhyEvent,
} from './answers.ts';
export type { TimelineAnswer, TimelineEntry, TimelineQuery } from './timelineQuery.ts';
