import { releaseIds } from '@shiplog/ledger';
import type { ReleaseManifest } from '@shiplog/release';

/** A release's id, `<release>@<version>`: what `release resume` and `release status` accept. */
export const releaseIdOf = (manifest: Pick<ReleaseManifest, 'release' | 'version'>): string =>
  releaseIds.release(manifest);

/** The subject every run event of a release names. */
export const releaseSubjectOf = (manifest: Pick<ReleaseManifest, 'release' | 'version'>): string =>
  releaseIds.releaseSubject(manifest);

/**
 * The change every build of a release names (`artifact.packaged` `change.id`): the release run
 * records its intake (`change.created`) when the ledger has none, so builds are not STAGE_SKIPPED.
 */
export const releaseChangeOf = (manifest: Pick<ReleaseManifest, 'release' | 'version'>): string =>
  releaseIds.releaseChange(manifest);

/** Run `n`'s start and summary event ids (the schemes live in `@shiplog/ledger`'s `releaseIds`). */
export const runStartedId = releaseIds.runStarted;
export const runFinishedId = releaseIds.runFinished;

/** Splits `<release>@<version>`; undefined when the text is not one. */
export function parseReleaseId(text: string): { release: string; version: string } | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)@(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(text);
  return match === null ? undefined : { release: match[1] as string, version: match[2] as string };
}
