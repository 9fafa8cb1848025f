import type { ReleaseManifest } from '@shiplog/release';

/** A release's id, `<release>@<version>`: what `release resume` and `release status` accept. */
export const releaseIdOf = (manifest: Pick<ReleaseManifest, 'release' | 'version'>): string =>
  `${manifest.release}@${manifest.version}`;

/** The subject every run event of a release names. */
export const releaseSubjectOf = (manifest: Pick<ReleaseManifest, 'release' | 'version'>): string =>
  `release/${manifest.release}/${manifest.version}`;

/**
 * The change every build of a release names (`artifact.packaged` `change.id`): the release run
 * records its intake (`change.created`) when the ledger has none, so builds are not STAGE_SKIPPED.
 */
export const releaseChangeOf = (manifest: Pick<ReleaseManifest, 'release' | 'version'>): string =>
  `release-${manifest.release}-${manifest.version}`;

/** Run `n`'s start and summary event ids. */
export const runStartedId = (id: string, run: number): string => `${id}.run.${run}.started`;
export const runFinishedId = (id: string, run: number): string => `${id}.run.${run}.finished`;

/** Splits `<release>@<version>`; undefined when the text is not one. */
export function parseReleaseId(text: string): { release: string; version: string } | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)@(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(text);
  return match === null ? undefined : { release: match[1] as string, version: match[2] as string };
}
