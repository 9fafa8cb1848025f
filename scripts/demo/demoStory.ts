// The cast of the demo's story: the fixture release, the service deployed from its wasm module, and
// the version that ran before it (recorded as history, so a rollback has somewhere to go).
import { createHash } from 'node:crypto';
import { packagePurl } from '@shiplog/release';

export const release = { name: 'shiplog-fixture', version: '1.2.0' } as const;
export const releaseId = `${release.name}@${release.version}`;

/** The change id the build worker names on every artifact it packages (`release-<release>-<version>`). */
export const changeId = `release-${release.name}-${release.version}`;
export const repository = {
  id: 'acme/shiplog-fixture',
  source: 'https://git.example.com/acme/shiplog-fixture',
};

/** The deployed service runs the release's wasm module, published to the OCI registry. */
export const service = { id: 'fixture-add', package: 'shiplog-fixture-add' } as const;

/** A deployable artifact: the bytes (digest) and how deployments name them (purl). */
export interface Deployable {
  readonly version: string;
  readonly digest: string;
  readonly purl: string;
}

export function deployable(version: string, digest: string): Deployable {
  return {
    version,
    digest,
    purl: packagePurl({ ecosystem: 'oci-wasm', name: service.package }, version, { digest }),
  };
}

// The module 1.1.0 shipped a week earlier. Its bytes are not rebuilt here; it is known by its digest.
const previousDigest = `sha256:${createHash('sha256').update('shiplog-fixture-add 1.1.0 add.wasm').digest('hex')}`;
export const previous: Deployable = deployable('1.1.0', previousDigest);

export const sources = {
  ci: '/ci/acme/shiplog-fixture',
  verification: '/ci/acme/shiplog-fixture/verify',
  review: '/git/acme/shiplog-fixture/pulls',
  deployer: (environment: string) => `/deployer/${environment}`,
  monitor: '/monitor/production',
  approver: '/approvals/production',
} as const;
