// Stage 3 of the demo's release: every artifact `release status --json` lists is checked on the
// bytes the artifact store holds, and its results become `verification.finished` events.
import type { CDEvent } from '@shiplog/events';
import { checkArtifact } from './artifactChecks.ts';
import { release, releaseId } from './demoStory.ts';
import { readStatusArtifacts } from './releaseStatus.ts';
import { verificationEvents } from './verificationEvents.ts';

/** The events, and one line per artifact saying what the checks found. */
export async function verificationStep(
  statusFile: string,
  artifactsDir: string,
  now: Date,
): Promise<{ events: CDEvent[]; report: string[] }> {
  const artifacts = await readStatusArtifacts(statusFile);
  const events: CDEvent[] = [];
  const report: string[] = [];
  for (const [index, artifact] of artifacts.entries()) {
    const observed = await checkArtifact(artifactsDir, artifact, release.version);
    // Earlier than now, one artifact after the other: the release that follows comes later.
    const at = new Date(now.getTime() - (artifacts.length - index) * 10);
    const ref = { digest: artifact.digest, purl: artifact.purl, label: `${index}` };
    events.push(...verificationEvents(ref, at, releaseId, observed));
    const passed = observed.tests.filter((t) => t.passed).length;
    const secrets = observed.secretsFound.length;
    report.push(
      `${artifact.digest}  ${artifact.fileName}: tests ${passed}/${observed.tests.length} passed, ${secrets} secret(s)`,
    );
  }
  return { events, report };
}
