/** How an artifact uses a dependency (CycloneDX scope: required, optional, excluded). */
export type DependencyScope = 'required' | 'optional' | 'excluded';

/** A dependency the artifact's own metadata declares. */
export interface DeclaredDependency {
  readonly name: string;
  /** The exact version, when the metadata pins it or a lockfile resolves it. */
  readonly version?: string;
  /** The requirement as declared (`^1.2`, `>=22.1`), when it is a range. */
  readonly requirement?: string;
  readonly scope: DependencyScope;
  /** purl type of the dependency (`cargo`, `pypi`, `npm`; `generic` for wasm host modules). */
  readonly purlType: string;
}

/** What an artifact says about itself, read from the metadata inside it. */
export interface ArtifactDescription {
  readonly kind: 'crate' | 'wheel' | 'sdist' | 'npm' | 'wasm';
  readonly purlType: string;
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly description?: string;
  readonly dependencies: readonly DeclaredDependency[];
  /** Extra facts (`shiplog:metadata-file`, wasm exports…) as CycloneDX properties. */
  readonly properties: readonly (readonly [string, string])[];
}
