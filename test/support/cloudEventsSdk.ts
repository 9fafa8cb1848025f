import { randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';

/** The context fields a CDEvents SDK copies into the CloudEvent attributes. */
export interface SdkCDEvent {
  context: { specversion?: string; id: string; source: string; type: string; timestamp: string };
  subject: { id: string; content: object };
}

/** A deployment as a producer builds it, with a timestamp in the producer's own spelling. */
export function deployedEvent(timestamp: string, environment = 'production'): SdkCDEvent {
  return {
    context: {
      specversion: '0.5.1',
      id: randomUUID(),
      source: '/ci/deploy',
      type: 'dev.cdevents.service.deployed.0.3.0',
      timestamp,
    },
    subject: {
      id: 'checkout',
      content: { environment: { id: environment }, artifactId: 'pkg:oci/checkout@sha256%3Aab' },
    },
  };
}

/**
 * The CloudEvent (of the official JS SDK, npm `cloudevents`) a CDEvents SDK wraps an event in:
 * attributes copied from its context, overridden by `extra` (`specversion: '0.3'`, another `id`…).
 */
export function sdkCloudEvent(
  event: SdkCDEvent,
  extra: Record<string, unknown> = {},
): CloudEvent<SdkCDEvent> {
  return new CloudEvent<SdkCDEvent>({
    id: event.context.id,
    source: event.context.source,
    type: event.context.type,
    subject: event.subject.id,
    time: event.context.timestamp,
    datacontenttype: 'application/json',
    data: event,
    ...extra,
  });
}
