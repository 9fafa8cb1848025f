import { storedCustomData } from '@shiplog/ledger';
import type { ReleaseManifest } from '@shiplog/release';
import type { BuiltArtifact } from '../jobs.ts';
import { readOwnEvent } from '../readOwnEvent.ts';
import type { WorkerContext } from '../workerContext.ts';
import type { PackageReport } from './releaseReport.ts';

export interface NotesInput {
  readonly manifest: ReleaseManifest;
  /** `<release>@<version>.run.<n>` */
  readonly runId: string;
  readonly gate: { readonly decision: string; readonly gateIds: readonly string[] };
  readonly packages: readonly PackageReport[];
  readonly artifacts: ReadonlyMap<string, readonly BuiltArtifact[]>;
}

/** Who built a file, as its `artifact.packaged` record says (a CI matrix job for handed-in files). */
async function builtBy(ctx: WorkerContext, file: BuiltArtifact): Promise<string> {
  const record = await readOwnEvent(ctx.store, file.packagedEventId);
  const data = (record === undefined ? undefined : storedCustomData(record)) as
    Record<string, unknown> | undefined;
  const runner = typeof data?.['runner'] === 'string' ? data['runner'] : 'unknown';
  return data?.['handedIn'] === undefined ? `built by ${runner}` : `handed in by ${runner}`;
}

/**
 * The release notes, from what the ledger recorded for this run: each package with its registry,
 * files, sha256 and who built them, the gate's decision, and what the assets are.
 */
export async function githubReleaseNotes(ctx: WorkerContext, input: NotesInput): Promise<string> {
  const { manifest } = input;
  const lines = [
    `${manifest.release} ${manifest.version}, released by shiplog (${input.runId}).`,
    '',
    `Release gate: **${input.gate.decision}**${input.gate.gateIds.length === 0 ? '' : ` (${input.gate.gateIds.length} recorded decisions)`}.`,
    '',
    '| package | ecosystem | registry | file | sha256 | built |',
    '|---|---|---|---|---|---|',
  ];
  for (const pkg of input.packages) {
    for (const file of input.artifacts.get(pkg.name) ?? []) {
      const by = await builtBy(ctx, file);
      lines.push(
        `| ${pkg.name} | ${pkg.ecosystem} | ${pkg.registry} | ${file.fileName} | \`${file.digest.slice('sha256:'.length)}\` | ${by} |`,
      );
    }
  }
  lines.push(
    '',
    'Assets: every published file, its CycloneDX SBOM (`<file>.cdx.json`), its signed SLSA provenance (`<file>.sigstore.json`, a Sigstore bundle) and `SHA256SUMS`.',
    `Check a file: \`shiplog why sha256:<digest>\`.`,
  );
  return `${lines.join('\n')}\n`;
}
