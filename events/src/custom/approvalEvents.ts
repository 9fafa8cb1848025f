import { z } from 'zod';
import { artifactRef, entityRef } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** Content of `approval.granted` and `approval.rejected`: a person's decision on an artifact. */
export const approvalContent = z.strictObject({
  approver: z.strictObject({ id: z.string().min(1), name: z.string().min(1).optional() }),
  environment: entityRef,
  artifact: artifactRef,
  change: entityRef.optional(),
  reason: z.string().optional(),
});

/** The full type string `dev.cdeventsx.shiplog-approval.granted.0.1.0`. */
export const approvalGrantedType = 'dev.cdeventsx.shiplog-approval.granted.0.1.0';
/** The full type string `dev.cdeventsx.shiplog-approval.rejected.0.1.0`. */
export const approvalRejectedType = 'dev.cdeventsx.shiplog-approval.rejected.0.1.0';

/** `dev.cdeventsx.shiplog-approval.granted.0.1.0` */
export const approvalGrantedEvent = shiplogEventSchema(approvalGrantedType, approvalContent);
export type ApprovalGrantedEvent = z.infer<typeof approvalGrantedEvent>;

/** `dev.cdeventsx.shiplog-approval.rejected.0.1.0` (a reason is expected) */
export const approvalRejectedEvent = shiplogEventSchema(approvalRejectedType, approvalContent);
export type ApprovalRejectedEvent = z.infer<typeof approvalRejectedEvent>;
