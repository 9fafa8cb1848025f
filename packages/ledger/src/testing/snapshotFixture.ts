import { createShiplogEvent, environmentSnapshottedType } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';

let counter = 0;

/** A snapshot of `environment` seeing each `[service, digest]` running; complete unless said otherwise. */
export function snapshotEvent(
  environment: string,
  observed: readonly (readonly [service: string, digest: string])[],
  options: { readonly at?: string; readonly complete?: boolean; readonly id?: string } = {},
): CDEvent {
  counter += 1;
  return createShiplogEvent(environmentSnapshottedType, {
    id: options.id ?? `snapshot-${environment}-${counter}`,
    source: '/ops/snapshot',
    timestamp: options.at ?? '2026-01-01T12:00:00Z',
    subjectId: environment,
    content: {
      environment: { id: environment },
      complete: options.complete ?? true,
      observed: observed.map(([service, digest]) => ({ service, digest })),
    },
  });
}
