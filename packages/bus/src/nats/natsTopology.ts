import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { BusError, BusErrorCode } from '../errors.ts';
import { jobStream } from '../topology.ts';
import type { Topology } from '../topology.ts';
import { translateNatsError } from './natsErrors.ts';

type StreamDefinition = Partial<StreamConfig> & Pick<StreamConfig, 'name' | 'subjects'>;

/** Every stream shiplog needs, as code: the single source of the JetStream topology. */
export function streamDefinitions(topology: Topology): StreamDefinition[] {
  const duplicateWindow = nanos(topology.duplicateWindowMs);
  const replicas = topology.replicas;
  return [
    {
      name: topology.streams.events,
      subjects: [`${topology.subjects.events}.>`],
      storage: StorageType.File,
      num_replicas: replicas,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: duplicateWindow,
    },
    {
      name: topology.streams.answers,
      subjects: [`${topology.subjects.answers}.>`],
      storage: StorageType.File,
      num_replicas: replicas,
      retention: RetentionPolicy.Limits,
      max_msgs_per_subject: 1,
      max_age: nanos(topology.answersMaxAgeMs),
      // A retry reads its stored answer with a direct get naming the subject, which permissions
      // can restrict to the user's own answers (a MSG.GET would reach every answer of the stream).
      allow_direct: true,
      duplicate_window: nanos(Math.min(topology.answersMaxAgeMs, 60_000)),
    },
    {
      name: topology.streams.rejected,
      subjects: [topology.subjects.rejected],
      storage: StorageType.File,
      num_replicas: replicas,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_msgs: topology.rejectedMaxMsgs,
      max_bytes: topology.rejectedMaxBytes,
    },
    ...topology.jobQueues.map((queue): StreamDefinition => ({
      name: jobStream(topology, queue),
      subjects: [`${topology.namespace}.jobs.${queue}.*`],
      storage: StorageType.File,
      num_replicas: replicas,
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.Old,
      duplicate_window: duplicateWindow,
    })),
  ];
}

/** Creates missing streams and updates existing ones to their definition; safe to repeat. */
export async function ensureNatsTopology(jsm: JetStreamManager, topology: Topology): Promise<void> {
  for (const definition of streamDefinitions(topology)) {
    try {
      const existing = await findStream(jsm, definition.name);
      if (existing === undefined) {
        await jsm.streams.add(definition);
      } else if (differs(existing, definition)) {
        await jsm.streams.update(definition.name, definition);
      }
    } catch (err) {
      if (err instanceof JetStreamApiError) {
        throw new BusError(
          BusErrorCode.TopologyConflict,
          `stream ${definition.name} cannot be created or updated: ${err.message}`,
          { cause: err },
        );
      }
      throw translateNatsError(err, `cannot ensure stream ${definition.name}`);
    }
  }
}

async function findStream(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw err;
  }
}

function differs(existing: StreamConfig, wanted: StreamDefinition): boolean {
  return Object.entries(wanted).some(
    ([key, value]) => JSON.stringify(existing[key as keyof StreamConfig]) !== JSON.stringify(value),
  );
}
