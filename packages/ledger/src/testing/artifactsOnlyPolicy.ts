/**
 * A gate policy document asking only for what a release can show without a CI test run: a
 * recorded build, an SBOM and a signature (tests, scans and coverage not required). For tests and
 * benchmarks; parse it with `parseGatePolicy` or write it to a file for `--policy`.
 */
export function artifactsOnlyPolicy(id: string): {
  readonly id: string;
  readonly description: string;
  readonly require: Readonly<Record<string, boolean | null>>;
} {
  return {
    id,
    description: 'build + SBOM + signature; no test, scan or coverage evidence required',
    require: {
      build: true,
      tests: false,
      coverage: null,
      vulnerabilities: null,
      secretScan: false,
      licenceCheck: false,
      sbom: true,
      signature: true,
    },
  };
}
