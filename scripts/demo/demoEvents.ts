// Prints, as NDJSON for `shiplog emit -`, the events of one step of the demo (scripts/demo.sh).
// Each step is timestamped when it runs, so the ledger sees the stages in the order they happened.
//   history                         version 1.1.0, a week ago; the 1.2.0 pull request (stage 1)
//   verification STATUS_JSON ARTIFACTS_DIR   checks of every artifact `release status --json` lists (stage 3)
//   deploy STEP DIGEST OCI_REPO_URL staging | approve | canary | incident | rollback | resolve
// The post-deploy checks fetch the module from OCI_REPO_URL with $OCI_AUTH (user:password).
// Exit 1 when a check fails (its events are printed all the same: facts are kept).
import type { CDEvent } from '@shiplog/events';
import { approvalEvent, deploymentEvents, incidentEvent } from './deploymentEvents.ts';
import { changeId, deployable, previous, release, releaseId, service } from './demoStory.ts';
import { changeEvents, passingChecks, previousReleaseEvents } from './historyEvents.ts';
import { canaryEvents } from './rolloutEvents.ts';
import { verificationStep } from './verificationStep.ts';
import { wasmSmokeCheck } from './wasmSmokeCheck.ts';

const incidentId = `INC-${release.version}-error-rate`;

async function deployStep(
  step: string,
  digest: string,
  repositoryUrl: string,
  now: Date,
): Promise<CDEvent[]> {
  const current = deployable(release.version, digest);
  const prefix = `demo-${releaseId}-${step}`;
  const smoke = async () => [
    ...(await wasmSmokeCheck(repositoryUrl, digest, process.env['OCI_AUTH'])),
    ...passingChecks,
  ];
  switch (step) {
    case 'staging':
      return deploymentEvents('staging', 'upgraded', current, await smoke(), now, prefix);
    case 'approve':
      return [approvalEvent('production', current, now, prefix)];
    case 'canary':
      return canaryEvents(current, await smoke(), now, prefix);
    case 'incident':
      return [
        incidentEvent(
          'detected',
          incidentId,
          'production',
          current,
          'error rate 7% on /add since the upgrade',
          now,
        ),
      ];
    case 'rollback':
      return deploymentEvents('production', 'rolledback', previous, passingChecks, now, prefix);
    case 'resolve':
      return [
        incidentEvent(
          'resolved',
          incidentId,
          'production',
          current,
          `rolled back to ${previous.version}`,
          now,
        ),
      ];
    default:
      throw new Error(`unknown deploy step ${step}`);
  }
}

/** The event types that carry a check's verdict, by what the demo calls them. */
const checked = new Map([
  ['dev.cdeventsx.shiplog-verification.finished.0.1.0', 'verification'],
  ['dev.cdeventsx.shiplog-deployment.verified.0.1.0', 'post-deploy verification'],
]);

function passed(event: CDEvent): boolean {
  return (event.subject.content as { outcome?: string }).outcome === 'pass';
}

async function eventsOf(args: readonly string[], now: Date): Promise<CDEvent[]> {
  const [command, ...rest] = args;
  switch (command) {
    case 'history':
      return [
        ...previousReleaseEvents(now),
        ...changeEvents(changeId, `${service.package}: faster add; release ${releaseId}`, now, {
          created: 26,
          reviewed: 2,
          merged: 1,
        }),
      ];
    case 'verification': {
      const [statusFile, artifactsDir] = rest;
      if (statusFile === undefined || artifactsDir === undefined)
        throw new Error('verification needs STATUS_JSON ARTIFACTS_DIR');
      const { events, report } = await verificationStep(statusFile, artifactsDir, now);
      for (const line of report) process.stderr.write(`${line}\n`);
      return events;
    }
    case 'deploy': {
      const [step, digest, repositoryUrl] = rest;
      if (step === undefined || digest === undefined || repositoryUrl === undefined)
        throw new Error('deploy needs STEP DIGEST OCI_REPOSITORY_URL');
      return deployStep(step, digest, repositoryUrl, now);
    }
    case undefined:
    default:
      throw new Error(
        'usage: demoEvents.ts history | verification STATUS_JSON ARTIFACTS_DIR | deploy STEP DIGEST OCI_REPOSITORY_URL',
      );
  }
}

try {
  const events = await eventsOf(process.argv.slice(2), new Date());
  process.stdout.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  // The facts are recorded whatever they say; a failing check still stops the demo.
  const failed = events.filter((e) => checked.has(e.context.type) && !passed(e));
  for (const e of failed)
    process.stderr.write(
      `demoEvents: ${checked.get(e.context.type)} failed: ${JSON.stringify(e.subject.content)}\n`,
    );
  if (failed.length > 0) process.exitCode = 1;
} catch (err) {
  process.stderr.write(`demoEvents: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
