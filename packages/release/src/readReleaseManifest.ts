import { readFile } from 'node:fs/promises';
import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import { parseReleaseManifest } from './parseReleaseManifest.ts';
import type { ReleaseManifest } from './releaseManifest.ts';

/** Reads and validates a JSON release manifest file (`MANIFEST_UNREADABLE` when it is not JSON). */
export async function readReleaseManifest(file: string): Promise<ReleaseManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ReleaseError(ReleaseErrorCode.ManifestUnreadable, `cannot read release manifest ${file}`, {
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ReleaseError(
      ReleaseErrorCode.ManifestUnreadable,
      `release manifest ${file} is not JSON: ${detail}`,
      {
        cause: err,
      },
    );
  }
  return parseReleaseManifest(value, file);
}
