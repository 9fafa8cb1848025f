import { z } from 'zod';
import { artifactRef, entityRef, location } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** One post-deploy check (seed 001 stage 6). */
export const deploymentCheck = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['availability', 'health', 'smoke', 'error-rate', 'latency', 'other']),
  outcome: z.enum(['pass', 'fail', 'error']),
  observed: z.number().optional(),
  threshold: z.number().optional(),
  detail: z.string().optional(),
});
export type DeploymentCheck = z.infer<typeof deploymentCheck>;

/** The full type string `dev.cdeventsx.shiplog-deployment.verified.0.1.0`. */
export const deploymentVerifiedType = 'dev.cdeventsx.shiplog-deployment.verified.0.1.0';
/** The full type string `dev.cdeventsx.shiplog-deployment.completed.0.1.0`. */
export const deploymentCompletedType = 'dev.cdeventsx.shiplog-deployment.completed.0.1.0';

/** Content of `deployment.verified`: post-deploy verification of what now runs in an environment. */
export const deploymentVerifiedContent = z.strictObject({
  environment: entityRef,
  service: entityRef,
  artifact: artifactRef,
  outcome: z.enum(['pass', 'fail', 'error']),
  checks: z.array(deploymentCheck).min(1),
  reportUri: location.optional(),
});

/** Content of `deployment.completed`: the deployment's end (seed 001 stage 7). */
export const deploymentCompletedContent = z.strictObject({
  environment: entityRef,
  service: entityRef,
  artifact: artifactRef,
  outcome: z.enum(['success', 'failure']),
  reason: z.string().optional(),
});

/** `dev.cdeventsx.shiplog-deployment.verified.0.1.0` */
export const deploymentVerifiedEvent = shiplogEventSchema(deploymentVerifiedType, deploymentVerifiedContent);
export type DeploymentVerifiedEvent = z.infer<typeof deploymentVerifiedEvent>;

/** `dev.cdeventsx.shiplog-deployment.completed.0.1.0` */
export const deploymentCompletedEvent = shiplogEventSchema(
  deploymentCompletedType,
  deploymentCompletedContent,
);
export type DeploymentCompletedEvent = z.infer<typeof deploymentCompletedEvent>;
