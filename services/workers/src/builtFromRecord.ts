import { storedCustomData, storedEvent } from '@shiplog/ledger';
import type { RecordedEvent } from '@shiplog/store';
import { builtArtifact } from './jobs.ts';
import type { BuiltArtifact } from './jobs.ts';
import { WORKERS_PRODUCER } from './recordOutcome.ts';

/**
 * The built artifact an `artifact.packaged` record describes (its purl and custom data); undefined
 * unless shiplog's build worker recorded it (an emitter's event under the same id is not a build).
 */
export function builtFromRecord(record: RecordedEvent): BuiltArtifact | undefined {
  if (record.type !== 'dev.cdevents.artifact.packaged.0.3.0' || record.producer !== WORKERS_PRODUCER)
    return undefined;
  const event = storedEvent(record);
  if (event === undefined) return undefined;
  const purl: unknown = event.subject?.id;
  const data = (storedCustomData(record) ?? {}) as Record<string, unknown>;
  const digest = typeof purl === 'string' ? /checksum=(sha256:[0-9a-f]{64})/.exec(purl)?.[1] : undefined;
  const parsed = builtArtifact.safeParse({
    package: data['package'],
    ecosystem: data['ecosystem'],
    fileName: data['fileName'],
    digest,
    sha512: data['sha512'],
    purl,
    packagedEventId: record.id,
  });
  return parsed.success ? parsed.data : undefined;
}
