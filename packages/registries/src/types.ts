/** The registries shiplog publishes to (the same names as the `package.published` event). */
export type Ecosystem = 'cargo' | 'pypi' | 'npm' | 'oci-wasm';

/**
 * What a registry holds for one version (one file, for PyPI). `digest` is the registry's own
 * statement of the bytes: `sha256:<hex>` (crates, PyPI, OCI) or an npm SRI `sha512-<base64>`.
 */
export type Lookup =
  | { readonly state: 'absent' }
  | { readonly state: 'present'; readonly digest: string; readonly yanked?: boolean };

/** The outcome of a publish; maps onto the `package.published` event content. */
export interface PublishReceipt {
  readonly ecosystem: Ecosystem;
  /** The registry's base URL. */
  readonly registry: string;
  readonly name: string;
  readonly version: string;
  /** `sha256:<hex>` of the published bytes (the artifact digest the ledger knows). */
  readonly digest: string;
  /** True when the registry already held this version with the same bytes: nothing was uploaded. */
  readonly alreadyPublished: boolean;
  /** Registry-specific facts (manifest digest, integrity, file name, warnings). */
  readonly details: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/** The `fetch` function a client uses; defaults to the global (undici) one. */
export type FetchFunction = typeof fetch;

/** Options every client accepts. */
export interface ClientOptions {
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchFunction;
  /** The clock, for `Retry-After` seconds; defaults to `() => new Date()`. */
  readonly now?: () => Date;
}

/** Publish options shared by every client. */
export interface PublishOptions {
  /** The digest the ledger recorded for these bytes; other bytes are refused with `DIGEST_MISMATCH`. */
  readonly expectedDigest?: string;
}
