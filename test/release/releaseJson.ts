import type { PackageReport, ReleaseReport } from '@shiplog/workers';

/** The `--json` document of `shiplog release run|resume` (docs/releases.md). */
export type ReleaseRunJson = ReleaseReport;
export type PackageJson = PackageReport;

/** Parses stdout as exactly one JSON document, saying what came instead when it is not. */
export function parseReleaseJson(stdout: string, stderr: string): ReleaseRunJson {
  try {
    return JSON.parse(stdout) as ReleaseRunJson;
  } catch {
    throw new Error(
      `stdout is not one JSON document:\n${stdout.slice(0, 2000)}\nstderr:\n${stderr.slice(-3000)}`,
    );
  }
}

/** The package named `name` of a run document. */
export function packageOf(json: ReleaseRunJson, name: string): PackageJson {
  const found = json.packages.find((p) => p.name === name);
  if (found === undefined)
    throw new Error(`no package ${name} in ${JSON.stringify(json.packages.map((p) => p.name))}`);
  return found;
}

/** Every file receipt of a run, keyed by file name. */
export function receiptsByFile(
  json: ReleaseRunJson,
): Map<string, { package: string; digest: string; eventId?: string }> {
  const receipts = new Map<string, { package: string; digest: string; eventId?: string }>();
  for (const pkg of json.packages) {
    for (const file of pkg.files) {
      receipts.set(file.fileName, {
        package: pkg.name,
        digest: file.digest,
        ...(file.eventId === undefined ? {} : { eventId: file.eventId }),
      });
    }
  }
  return receipts;
}

/** Every error code a run document carries: the run's own and each package's. */
export function errorCodes(json: ReleaseRunJson): string[] {
  return [json.error?.code, ...json.packages.map((p) => p.error?.code)].filter(
    (code): code is string => code !== undefined,
  );
}
