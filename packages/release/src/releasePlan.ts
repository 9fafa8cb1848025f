import { packageVersion } from './releaseManifest.ts';
import type { CredentialSource, ReleaseEcosystem, ReleaseManifest } from './releaseManifest.ts';
import { topologicalOrder } from './topologicalOrder.ts';
import { ReleaseError, ReleaseErrorCode } from './errors.ts';

/** One build job of a plan. */
export interface PlannedBuild {
  readonly package: string;
  readonly ecosystem: ReleaseEcosystem;
  readonly platform: string;
  readonly command: readonly string[];
  readonly outputs: readonly string[];
  /** A CI matrix job builds it and hands the outputs in (`shiplog release add-artifact`). */
  readonly prebuilt?: true;
}

/** One publish step: `wave` n may start once every package of earlier waves is published. */
export interface PlannedPublish {
  readonly package: string;
  /** The version it goes out at: its own, else the release's. */
  readonly version: string;
  readonly ecosystem: ReleaseEcosystem;
  readonly wave: number;
  readonly registry: string;
  /** Where the token comes from, e.g. `env CARGO_REGISTRY_TOKEN` (never the token). */
  readonly credentials: string;
  readonly after: readonly string[];
}

export interface ReleasePlan {
  readonly release: string;
  readonly version: string;
  readonly builds: readonly PlannedBuild[];
  readonly publishes: readonly PlannedPublish[];
}

function describeCredentials(source: CredentialSource): string {
  switch (source.from) {
    case 'env':
      return `env ${source.variable}`;
    case 'file':
      return `file ${source.path}`;
    case 'oidc':
      return `oidc audience ${source.audience}`;
  }
}

/**
 * The order of a release: builds and publishes in dependency order (a package after everything it
 * `dependsOn`: crates after the crates they use, an npm main package after its platform packages).
 */
export function planRelease(manifest: ReleaseManifest): ReleasePlan {
  const order = topologicalOrder(manifest.packages.map((p) => ({ id: p.name, after: p.dependsOn })));
  if (!order.ok) {
    throw new ReleaseError(
      ReleaseErrorCode.DependencyCycle,
      `dependsOn forms a cycle: ${order.cycle.join(' -> ')}`,
    );
  }
  const byName = new Map(manifest.packages.map((p) => [p.name, p]));
  const packages = order.order.map((name) => byName.get(name)).filter((p) => p !== undefined);
  const waveOf = new Map<string, number>();
  order.waves.forEach((wave, index) => wave.forEach((name) => waveOf.set(name, index + 1)));
  return {
    release: manifest.release,
    version: manifest.version,
    builds: packages.map((p) => ({
      package: p.name,
      ecosystem: p.ecosystem,
      platform: p.build.platform,
      command: p.build.command,
      outputs: p.build.outputs,
      ...(p.build.prebuilt === true ? { prebuilt: true as const } : {}),
    })),
    publishes: packages.map((p) => ({
      package: p.name,
      version: packageVersion(manifest, p),
      ecosystem: p.ecosystem,
      wave: waveOf.get(p.name) ?? 0,
      registry: p.registry.url,
      credentials: describeCredentials(p.registry.credentials),
      after: p.dependsOn,
    })),
  };
}
