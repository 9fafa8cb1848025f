import type { Observation } from './observation.ts';
import { digestOf } from './observation.ts';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';

/**
 * What runs, from a plain list: one `SERVICE DIGEST` per line (the digest `sha256:…` or an image
 * reference pinned by one, `repo@sha256:…`); blank lines and `#` comments are skipped.
 */
export function digestListObservations(text: string, where: string): Observation[] {
  const observations: Observation[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.length === 0) return;
    const [service, reference, ...rest] = line.split(/\s+/);
    const digest = digestOf(reference);
    if (service === undefined || digest === undefined || rest.length > 0) {
      throw new SnapshotError(
        SnapshotErrorCode.InputMalformed,
        `${where}:${index + 1}: ${JSON.stringify(raw)} is not "SERVICE sha256:<64 hex>" (or SERVICE repo@sha256:…)`,
      );
    }
    observations.push({
      service,
      digest,
      ...(reference === digest ? {} : { image: reference }),
      from: 'digests',
    });
  });
  return observations;
}
