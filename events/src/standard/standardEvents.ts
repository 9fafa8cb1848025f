// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import {
  artifactDeletedEvent,
  artifactDownloadedEvent,
  artifactPackagedEvent,
  artifactPublishedEvent,
  artifactSignedEvent,
} from './artifact.ts';
import type {
  ArtifactDeletedEvent,
  ArtifactDownloadedEvent,
  ArtifactPackagedEvent,
  ArtifactPublishedEvent,
  ArtifactSignedEvent,
} from './artifact.ts';
import { branchCreatedEvent, branchDeletedEvent } from './branch.ts';
import type { BranchCreatedEvent, BranchDeletedEvent } from './branch.ts';
import { buildFinishedEvent, buildQueuedEvent, buildStartedEvent } from './build.ts';
import type { BuildFinishedEvent, BuildQueuedEvent, BuildStartedEvent } from './build.ts';
import {
  changeAbandonedEvent,
  changeCreatedEvent,
  changeMergedEvent,
  changeReviewedEvent,
  changeUpdatedEvent,
} from './change.ts';
import type {
  ChangeAbandonedEvent,
  ChangeCreatedEvent,
  ChangeMergedEvent,
  ChangeReviewedEvent,
  ChangeUpdatedEvent,
} from './change.ts';
import { environmentCreatedEvent, environmentDeletedEvent, environmentModifiedEvent } from './environment.ts';
import type {
  EnvironmentCreatedEvent,
  EnvironmentDeletedEvent,
  EnvironmentModifiedEvent,
} from './environment.ts';
import { incidentDetectedEvent, incidentReportedEvent, incidentResolvedEvent } from './incident.ts';
import type { IncidentDetectedEvent, IncidentReportedEvent, IncidentResolvedEvent } from './incident.ts';
import { pipelineRunFinishedEvent, pipelineRunQueuedEvent, pipelineRunStartedEvent } from './pipelineRun.ts';
import type {
  PipelineRunFinishedEvent,
  PipelineRunQueuedEvent,
  PipelineRunStartedEvent,
} from './pipelineRun.ts';
import { repositoryCreatedEvent, repositoryDeletedEvent, repositoryModifiedEvent } from './repository.ts';
import type {
  RepositoryCreatedEvent,
  RepositoryDeletedEvent,
  RepositoryModifiedEvent,
} from './repository.ts';
import {
  serviceDeployedEvent,
  servicePublishedEvent,
  serviceRemovedEvent,
  serviceRolledbackEvent,
  serviceUpgradedEvent,
} from './service.ts';
import type {
  ServiceDeployedEvent,
  ServicePublishedEvent,
  ServiceRemovedEvent,
  ServiceRolledbackEvent,
  ServiceUpgradedEvent,
} from './service.ts';
import { taskRunFinishedEvent, taskRunStartedEvent } from './taskRun.ts';
import type { TaskRunFinishedEvent, TaskRunStartedEvent } from './taskRun.ts';
import {
  testCaseRunFinishedEvent,
  testCaseRunQueuedEvent,
  testCaseRunSkippedEvent,
  testCaseRunStartedEvent,
} from './testCaseRun.ts';
import type {
  TestCaseRunFinishedEvent,
  TestCaseRunQueuedEvent,
  TestCaseRunSkippedEvent,
  TestCaseRunStartedEvent,
} from './testCaseRun.ts';
import { testOutputPublishedEvent } from './testOutput.ts';
import type { TestOutputPublishedEvent } from './testOutput.ts';
import {
  testSuiteRunFinishedEvent,
  testSuiteRunQueuedEvent,
  testSuiteRunStartedEvent,
} from './testSuiteRun.ts';
import type {
  TestSuiteRunFinishedEvent,
  TestSuiteRunQueuedEvent,
  TestSuiteRunStartedEvent,
} from './testSuiteRun.ts';
import { ticketClosedEvent, ticketCreatedEvent, ticketUpdatedEvent } from './ticket.ts';
import type { TicketClosedEvent, TicketCreatedEvent, TicketUpdatedEvent } from './ticket.ts';

/** Every standard CDEvents 0.5.1 event type (45), keyed by its full type string. */
export const standardEventSchemas = {
  'dev.cdevents.artifact.deleted.0.2.0': artifactDeletedEvent,
  'dev.cdevents.artifact.downloaded.0.2.0': artifactDownloadedEvent,
  'dev.cdevents.artifact.packaged.0.3.0': artifactPackagedEvent,
  'dev.cdevents.artifact.published.0.3.0': artifactPublishedEvent,
  'dev.cdevents.artifact.signed.0.3.0': artifactSignedEvent,
  'dev.cdevents.branch.created.0.3.0': branchCreatedEvent,
  'dev.cdevents.branch.deleted.0.3.0': branchDeletedEvent,
  'dev.cdevents.build.finished.0.3.0': buildFinishedEvent,
  'dev.cdevents.build.queued.0.3.0': buildQueuedEvent,
  'dev.cdevents.build.started.0.3.0': buildStartedEvent,
  'dev.cdevents.change.abandoned.0.3.0': changeAbandonedEvent,
  'dev.cdevents.change.created.0.4.0': changeCreatedEvent,
  'dev.cdevents.change.merged.0.3.0': changeMergedEvent,
  'dev.cdevents.change.reviewed.0.3.0': changeReviewedEvent,
  'dev.cdevents.change.updated.0.3.0': changeUpdatedEvent,
  'dev.cdevents.environment.created.0.3.0': environmentCreatedEvent,
  'dev.cdevents.environment.deleted.0.3.0': environmentDeletedEvent,
  'dev.cdevents.environment.modified.0.3.0': environmentModifiedEvent,
  'dev.cdevents.incident.detected.0.3.0': incidentDetectedEvent,
  'dev.cdevents.incident.reported.0.3.0': incidentReportedEvent,
  'dev.cdevents.incident.resolved.0.3.0': incidentResolvedEvent,
  'dev.cdevents.pipelinerun.finished.0.3.0': pipelineRunFinishedEvent,
  'dev.cdevents.pipelinerun.queued.0.3.0': pipelineRunQueuedEvent,
  'dev.cdevents.pipelinerun.started.0.3.0': pipelineRunStartedEvent,
  'dev.cdevents.repository.created.0.3.0': repositoryCreatedEvent,
  'dev.cdevents.repository.deleted.0.3.0': repositoryDeletedEvent,
  'dev.cdevents.repository.modified.0.3.0': repositoryModifiedEvent,
  'dev.cdevents.service.deployed.0.3.0': serviceDeployedEvent,
  'dev.cdevents.service.published.0.3.0': servicePublishedEvent,
  'dev.cdevents.service.removed.0.3.0': serviceRemovedEvent,
  'dev.cdevents.service.rolledback.0.3.0': serviceRolledbackEvent,
  'dev.cdevents.service.upgraded.0.3.0': serviceUpgradedEvent,
  'dev.cdevents.taskrun.finished.0.3.0': taskRunFinishedEvent,
  'dev.cdevents.taskrun.started.0.3.0': taskRunStartedEvent,
  'dev.cdevents.testcaserun.finished.0.3.0': testCaseRunFinishedEvent,
  'dev.cdevents.testcaserun.queued.0.3.0': testCaseRunQueuedEvent,
  'dev.cdevents.testcaserun.skipped.0.2.0': testCaseRunSkippedEvent,
  'dev.cdevents.testcaserun.started.0.3.0': testCaseRunStartedEvent,
  'dev.cdevents.testoutput.published.0.3.0': testOutputPublishedEvent,
  'dev.cdevents.testsuiterun.finished.0.3.0': testSuiteRunFinishedEvent,
  'dev.cdevents.testsuiterun.queued.0.3.0': testSuiteRunQueuedEvent,
  'dev.cdevents.testsuiterun.started.0.3.0': testSuiteRunStartedEvent,
  'dev.cdevents.ticket.closed.0.2.0': ticketClosedEvent,
  'dev.cdevents.ticket.created.0.2.0': ticketCreatedEvent,
  'dev.cdevents.ticket.updated.0.2.0': ticketUpdatedEvent,
} as const;

/** Any standard CDEvents 0.5.1 event; narrow it on `context.type`. */
export type StandardCDEvent =
  | ArtifactDeletedEvent
  | ArtifactDownloadedEvent
  | ArtifactPackagedEvent
  | ArtifactPublishedEvent
  | ArtifactSignedEvent
  | BranchCreatedEvent
  | BranchDeletedEvent
  | BuildFinishedEvent
  | BuildQueuedEvent
  | BuildStartedEvent
  | ChangeAbandonedEvent
  | ChangeCreatedEvent
  | ChangeMergedEvent
  | ChangeReviewedEvent
  | ChangeUpdatedEvent
  | EnvironmentCreatedEvent
  | EnvironmentDeletedEvent
  | EnvironmentModifiedEvent
  | IncidentDetectedEvent
  | IncidentReportedEvent
  | IncidentResolvedEvent
  | PipelineRunFinishedEvent
  | PipelineRunQueuedEvent
  | PipelineRunStartedEvent
  | RepositoryCreatedEvent
  | RepositoryDeletedEvent
  | RepositoryModifiedEvent
  | ServiceDeployedEvent
  | ServicePublishedEvent
  | ServiceRemovedEvent
  | ServiceRolledbackEvent
  | ServiceUpgradedEvent
  | TaskRunFinishedEvent
  | TaskRunStartedEvent
  | TestCaseRunFinishedEvent
  | TestCaseRunQueuedEvent
  | TestCaseRunSkippedEvent
  | TestCaseRunStartedEvent
  | TestOutputPublishedEvent
  | TestSuiteRunFinishedEvent
  | TestSuiteRunQueuedEvent
  | TestSuiteRunStartedEvent
  | TicketClosedEvent
  | TicketCreatedEvent
  | TicketUpdatedEvent;
