import { describe, expect, it } from 'vitest';
import { purlIdentity, refIdentity, releaseIds } from './artifactIdentity.ts';

const d = `sha256:${'ab'.repeat(32)}`;

describe('purlIdentity', () => {
  it('reads an OCI digest version and its tag', () => {
    expect(purlIdentity(`pkg:oci/app@${d}?repository_url=ghcr.io/acme&tag=1.2.0`)).toEqual({
      digest: d,
      nameVersion: 'pkg:oci/app@1.2.0',
    });
  });
  it("files shiplog's OCI purl (manifest digest as version) under its checksum, the file's digest", () => {
    const manifest = `sha256%3A${'cd'.repeat(32)}`;
    expect(
      purlIdentity(`pkg:oci/app@${manifest}?checksum=${d}&repository_url=ghcr.io/acme/app&tag=1.2.0`),
    ).toEqual({
      digest: d,
      nameVersion: 'pkg:oci/app@1.2.0',
    });
  });
  it('reads a percent-encoded digest version', () => {
    expect(purlIdentity(`pkg:oci/app@sha256%3A${'ab'.repeat(32)}`)).toEqual({ digest: d });
  });
  it('reads a checksum qualifier beside a semver version', () => {
    expect(purlIdentity(`pkg:npm/%40acme/app@1.2.0?checksum=sha1:00ff,${d}`)).toEqual({
      digest: d,
      nameVersion: 'pkg:npm/%40acme/app@1.2.0',
    });
  });
  it('keeps name@version alone when no digest is given', () => {
    expect(purlIdentity('pkg:cargo/core@0.3.1#src')).toEqual({ nameVersion: 'pkg:cargo/core@0.3.1' });
  });
  it('prefers an explicit digest in a shiplog reference', () => {
    expect(refIdentity({ digest: d, purl: 'pkg:pypi/core@0.3.1' })).toEqual({
      digest: d,
      nameVersion: 'pkg:pypi/core@0.3.1',
    });
  });
});

describe('releaseIds: the ids release steps find each other facts by', () => {
  it('names a build job file by file and finds the file job from the packaged id', () => {
    const job = releaseIds.buildJob({ release: 'acme', version: '1.2.0' }, '@acme/app');
    expect(job).toBe('acme@1.2.0._acme_app');
    expect(releaseIds.fileJobOfPackaged(releaseIds.packaged(job, 3))).toBe(releaseIds.fileJob(job, 3));
    expect(releaseIds.fileJobOfPackaged(`${job}.signed`)).toBeUndefined();
  });
});
