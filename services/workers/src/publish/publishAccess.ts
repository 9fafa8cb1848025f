import type { ReleasePackage } from '@shiplog/release';
import type { FetchFunction } from '@shiplog/registries';
import type { RetryPolicy } from './withRegistryRetries.ts';

/** What the publish worker needs beyond the common context: credentials and the network. */
export interface PublishAccess {
  /** The token (or `user:password`) the package's manifest `credentials` name; never logged. */
  credential(pkg: ReleasePackage): Promise<string>;
  readonly fetch?: FetchFunction;
  readonly retry?: RetryPolicy;
}
