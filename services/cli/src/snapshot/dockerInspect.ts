import { z } from 'zod';
import type { Observation } from './observation.ts';
import { digestOf, serviceFromLabels } from './observation.ts';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';
import { readInput } from './zodInput.ts';

/** Which container labels name the service (then the container's name). */
export const defaultContainerServiceLabels = ['com.docker.compose.service'] as const;

const container = z.object({
  Name: z.string().optional(),
  Id: z.string().optional(),
  Image: z.string().optional(),
  RepoDigests: z.array(z.string()).nullish(),
  State: z.object({ Running: z.boolean().optional(), Status: z.string().optional() }).optional(),
  Config: z
    .object({ Image: z.string().optional(), Labels: z.record(z.string(), z.string()).nullish() })
    .optional(),
});
const inspectDocument = z.array(container);

/**
 * What runs, from `docker inspect <container…>` (its JSON array): each running container's
 * digest — the one its image reference pins (`Config.Image` `repo@sha256:…`), else its first
 * `RepoDigests` entry, else its local image id (`Image`; compare only if you record those).
 * The service is the first label of `serviceLabels`, else the container's name.
 */
export function dockerObservations(
  value: unknown,
  options: { readonly where: string; readonly serviceLabels?: readonly string[] },
): Observation[] {
  const labels = options.serviceLabels ?? defaultContainerServiceLabels;
  const containers = readInput(inspectDocument, value, options.where, 'the JSON array of docker inspect');
  const observations: Observation[] = [];
  for (const c of containers) {
    const isRunning = c.State?.Running ?? c.State?.Status === 'running';
    if (!isRunning) continue;
    const name = (c.Name ?? c.Id ?? '').replace(/^\//, '');
    const service = serviceFromLabels(c.Config?.Labels, labels) ?? (name.length > 0 ? name : undefined);
    if (service === undefined) {
      throw new SnapshotError(
        SnapshotErrorCode.ServiceUnknown,
        `${options.where}: a running container has no name and none of the labels ${labels.join(', ')}; pass --service-label`,
      );
    }
    const reference = c.Config?.Image;
    const digest = digestOf(reference) ?? digestOf(c.RepoDigests?.[0]) ?? digestOf(c.Image);
    if (digest === undefined) {
      throw new SnapshotError(
        SnapshotErrorCode.DigestMissing,
        `${options.where}: container ${name} runs ${reference ?? 'an image'} and names no sha256 digest (Image ${JSON.stringify(c.Image ?? '')}); pass the output of docker inspect on the containers`,
      );
    }
    observations.push({ service, digest, image: reference ?? digest, instances: 1, from: 'docker' });
  }
  return observations;
}
