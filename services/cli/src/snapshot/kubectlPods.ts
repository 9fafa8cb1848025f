import { z } from 'zod';
import type { Observation } from './observation.ts';
import { digestOf, serviceFromLabels } from './observation.ts';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';
import { readInput } from './zodInput.ts';

/** Which pod labels name the service, first match wins (`--service-label` replaces them). */
export const defaultPodServiceLabels = ['app.kubernetes.io/name', 'app'] as const;

const containerStatus = z.object({
  name: z.string(),
  image: z.string().optional(),
  imageID: z.string().optional(),
  state: z.object({ running: z.unknown().optional() }).optional(),
});
const pod = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).nullish(),
  }),
  status: z
    .object({
      phase: z.string().optional(),
      containerStatuses: z.array(containerStatus).nullish(),
      ephemeralContainerStatuses: z.array(containerStatus).nullish(),
    })
    .optional(),
});
type Pod = z.infer<typeof pod>;
type ContainerStatus = z.infer<typeof containerStatus>;
const podsDocument = z.union([z.object({ items: z.array(pod) }), pod.transform((p) => ({ items: [p] }))]);

const running = (c: ContainerStatus): boolean => c.state === undefined || c.state.running !== undefined;

function containerObservation(p: Pod, service: string, c: ContainerStatus, name: string): Observation {
  const digest = digestOf(c.imageID) ?? digestOf(c.image);
  if (digest === undefined) {
    throw new SnapshotError(
      SnapshotErrorCode.DigestMissing,
      `pod ${p.metadata.name} container ${c.name} runs ${c.image ?? 'an image'} with imageID ${JSON.stringify(c.imageID ?? '')}: no sha256 digest to compare; take the JSON from a running pod (kubectl get pods -o json)`,
    );
  }
  return { service: name, digest, image: c.imageID ?? c.image ?? digest, instances: 1, from: 'kubectl' };
}

/**
 * What runs, from `kubectl get pods -o json` (a List or one Pod): each running container of each
 * running pod, by the digest in its `imageID`. A pod's service is its first label of
 * `serviceLabels`; with several containers, the one named like the service is the service and the
 * others (sidecars, `kubectl debug` containers) are `<service>/<container>`.
 */
export function kubectlObservations(
  value: unknown,
  options: { readonly where: string; readonly serviceLabels?: readonly string[] },
): Observation[] {
  const labels = options.serviceLabels ?? defaultPodServiceLabels;
  const { items } = readInput(podsDocument, value, options.where, 'the JSON of kubectl get pods -o json');
  const observations: Observation[] = [];
  for (const p of items) {
    if (p.status?.phase !== 'Running') continue;
    const service = serviceFromLabels(p.metadata.labels, labels);
    if (service === undefined) {
      throw new SnapshotError(
        SnapshotErrorCode.ServiceUnknown,
        `${options.where}: pod ${p.metadata.name} has none of the labels ${labels.join(', ')} that name its service; pass --service-label with the label your pods carry`,
      );
    }
    const containers = (p.status.containerStatuses ?? []).filter(running);
    const alone = containers.length === 1;
    for (const c of containers) {
      const name = alone || c.name === service ? service : `${service}/${c.name}`;
      observations.push(containerObservation(p, service, c, name));
    }
    for (const c of (p.status.ephemeralContainerStatuses ?? []).filter(running))
      observations.push(containerObservation(p, service, c, `${service}/${c.name}`));
  }
  return observations;
}
