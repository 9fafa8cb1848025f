import type { RegistryWait } from './withRegistryRetries.ts';

/** One file of a publish: where it stands and the receipt's event id once recorded. */
export interface PublishedFile {
  readonly fileName: string;
  readonly digest: string;
  /** Nothing uploaded for it now: the registry held these bytes, or an earlier run published them. */
  readonly alreadyPublished: boolean;
  /** The `package.published` event id; absent in a dry run or before the upload succeeded. */
  readonly eventId?: string;
  /** True when an earlier run recorded this receipt: the registry was not asked again. */
  readonly earlier?: boolean;
}

/**
 * What a publish job ended with. `published`: at least one file uploaded now;
 * `already-published`: nothing uploaded (the registry or an earlier run had every file); `would-publish`: a dry run
 * found work to do; `failed`: see `error` (nothing after the failing file was attempted).
 */
export interface PublishOutcome {
  readonly package: string;
  readonly status: 'published' | 'already-published' | 'would-publish' | 'failed';
  readonly files: readonly PublishedFile[];
  readonly waits: readonly RegistryWait[];
  readonly error?: { readonly code: string; readonly message: string };
}
