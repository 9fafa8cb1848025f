import { rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import {
  RegistryErrorCode,
  cosignTag,
  createOciClient,
  ociMediaType,
  sha256Digest,
  wasmArtifactManifest,
} from '@shiplog/registries';
import type { OciClient, OciDescriptor } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/registries/childProcess.ts';
import { startDockerRegistry } from '../support/registries/dockerRegistry.ts';
import type { DockerRegistry } from '../support/registries/dockerRegistry.ts';
import { buildFixtureWasm } from '../support/registries/fixtures.ts';
import { codeOf } from '@shiplog/events/testing';

const repository = 'shiplog-fixture/add';
const created = '2026-01-02T03:04:05Z';
const bundleType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const sbomType = 'application/vnd.cyclonedx+json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Debian's docker-registry is a real OCI distribution server (2.8: no referrers API, so the
// client keeps the sha256-<hex> fallback tag, as OCI distribution 1.1 asks).
describe('OCI client against docker-registry', () => {
  let registry: DockerRegistry;
  let client: OciClient;
  let wasm: Uint8Array;
  let wasmDir: string;
  let subject: OciDescriptor;

  let host: string;
  const skopeo = (args: string[]): string =>
    execFileSync('skopeo', [...args.slice(0, 1), '--tls-verify=false', ...args.slice(1)], {
      encoding: 'utf8',
    });
  const skopeoDigest = (ref: string): string =>
    sha256Digest(encoder.encode(skopeo(['inspect', '--raw', `docker://${host}/${ref}`])));

  beforeAll(async () => {
    registry = await startDockerRegistry();
    host = new URL(registry.url).host;
    client = createOciClient({ registryUrl: registry.url });
    ({ wasm, dir: wasmDir } = await buildFixtureWasm());
  });
  afterAll(async () => {
    await registry?.close();
    if (wasmDir !== undefined) await rm(wasmDir, { recursive: true, force: true });
  });

  it('pushes the wasm module as a CNCF wasm artifact whose every digest checks out', async () => {
    expect(await client.lookup(repository, '1.2.0')).toEqual({ state: 'absent' });
    const receipt = await client.publishWasm(repository, '1.2.0', wasm, {
      created,
      os: 'wasip1',
      expectedDigest: sha256Digest(wasm),
    });
    expect(receipt).toMatchObject({
      ecosystem: 'oci-wasm',
      name: repository,
      version: '1.2.0',
      digest: sha256Digest(wasm),
      alreadyPublished: false,
    });

    const byTag = await client.fetchManifest(repository, '1.2.0');
    expect(byTag?.digest).toBe(receipt.details['manifestDigest']);
    expect(byTag?.digest).toBe(sha256Digest(byTag!.bytes));
    const manifest = byTag!.manifest;
    expect(manifest.config.mediaType).toBe(ociMediaType.wasmConfig);
    expect(manifest.layers).toEqual([
      { mediaType: 'application/wasm', digest: sha256Digest(wasm), size: wasm.length },
    ]);

    const config = await client.fetchBlob(repository, manifest.config.digest);
    expect(sha256Digest(config)).toBe(manifest.config.digest);
    expect(JSON.parse(decoder.decode(config))).toEqual({
      created,
      architecture: 'wasm',
      os: 'wasip1',
      layerDigests: [sha256Digest(wasm)],
    });
    expect(await client.fetchBlob(repository, sha256Digest(wasm))).toEqual(new Uint8Array(wasm));

    const byDigest = await client.fetchManifest(repository, byTag!.digest);
    expect(byDigest?.bytes).toEqual(byTag?.bytes);
    expect(await client.lookup(repository, '1.2.0')).toEqual({
      state: 'present',
      digest: sha256Digest(wasm),
    });
    subject = { mediaType: byTag!.mediaType, digest: byTag!.digest, size: byTag!.bytes.length };
  });

  it('answers a re-push of the same module with alreadyPublished and the same manifest', async () => {
    const receipt = await client.publishWasm(repository, '1.2.0', wasm, { created });
    expect(receipt.alreadyPublished).toBe(true);
    expect(receipt.details['manifestDigest']).toBe(subject.digest);
  });

  it('refuses another module under a pushed tag with VERSION_EXISTS_OTHER_BYTES', async () => {
    const other = new Uint8Array([...wasm, 0x00]);
    expect(await codeOf(client.publishWasm(repository, '1.2.0', other, { created }))).toBe(
      RegistryErrorCode.VersionExistsOtherBytes,
    );
    expect(
      await codeOf(
        client.publishWasm(repository, '1.2.1', other, { created, expectedDigest: sha256Digest(wasm) }),
      ),
    ).toBe(RegistryErrorCode.DigestMismatch);
    expect(await client.lookup(repository, '1.2.1')).toEqual({ state: 'absent' });
  });

  it('attaches the signature bundle and the SBOM as referrers of the artifact', async () => {
    const bundle = encoder.encode(
      JSON.stringify({ mediaType: bundleType, note: 'signature over the manifest' }),
    );
    const sbom = encoder.encode(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6' }));
    const signed = await client.attachReferrer(repository, subject, {
      artifactType: bundleType,
      mediaType: bundleType,
      content: bundle,
    });
    const described = await client.attachReferrer(repository, subject, {
      artifactType: sbomType,
      mediaType: sbomType,
      content: sbom,
    });
    // Attaching the same document again must not list it twice.
    await client.attachReferrer(repository, subject, {
      artifactType: bundleType,
      mediaType: bundleType,
      content: bundle,
    });

    const referrers = await client.listReferrers(repository, subject.digest);
    expect(referrers.map((r) => [r.digest, r.artifactType])).toEqual([
      [signed.digest, bundleType],
      [described.digest, sbomType],
    ]);
    expect((await client.listReferrers(repository, subject.digest, sbomType)).map((r) => r.digest)).toEqual([
      described.digest,
    ]);

    for (const [referrer, content] of [
      [signed, bundle],
      [described, sbom],
    ] as const) {
      const fetched = await client.fetchManifest(repository, referrer.digest);
      expect(fetched?.manifest.subject).toEqual(subject);
      expect(fetched?.manifest.artifactType).toBe(referrer.artifactType);
      const [layer] = fetched?.manifest.layers ?? [];
      expect(await client.fetchBlob(repository, layer?.digest ?? '')).toEqual(content);
    }
  });

  it('computes, before any push, the manifest digest the registry then stores', async () => {
    const options = { created, annotations: { 'org.opencontainers.image.title': 'add.wasm' } };
    const expected = wasmArtifactManifest(wasm, options).digest;
    const receipt = await client.publishWasm(repository, '1.4.0', wasm, options);
    expect(receipt.details['manifestDigest']).toBe(expected);
    expect(skopeoDigest(`${repository}:1.4.0`)).toBe(expected);
  });

  it("files attestations and SBOMs under cosign's sha256-<hex>.att/.sbom tags where the registry has no referrers API", async () => {
    const envelope = encoder.encode(
      JSON.stringify({ payloadType: 'application/vnd.in-toto+json', payload: 'e30=', signatures: [] }),
    );
    const bundle = encoder.encode(JSON.stringify({ mediaType: bundleType, dsseEnvelope: {} }));
    const annotations = {
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1',
    };
    const layer = {
      suffix: 'att',
      content: envelope,
      mediaType: 'application/vnd.dsse.envelope.v1+json',
      annotations: {
        'dev.cosignproject.cosign/signature': '',
        predicateType: 'https://slsa.dev/provenance/v1',
      },
    } as const;
    const input = {
      artifactType: bundleType,
      mediaType: bundleType,
      content: bundle,
      annotations,
      cosignTag: layer,
    };
    const attached = await client.attachReferrer(repository, subject, input);
    expect(attached.cosignTag).toBe(cosignTag(subject.digest, 'att'));
    await client.attachReferrer(repository, subject, input);
    const sbom = encoder.encode(
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'x' }),
    );
    await client.attachReferrer(repository, subject, {
      artifactType: sbomType,
      mediaType: sbomType,
      content: sbom,
      cosignTag: { suffix: 'sbom', content: sbom, mediaType: sbomType },
    });

    // What cosign reads there, inspected with skopeo: one DSSE layer (attached twice, kept once).
    const att = JSON.parse(
      skopeo(['inspect', '--raw', `docker://${host}/${repository}:${cosignTag(subject.digest, 'att')}`]),
    ) as {
      layers: { mediaType: string; digest: string; annotations?: Record<string, string> }[];
    };
    expect(att.layers).toEqual([
      {
        mediaType: layer.mediaType,
        digest: sha256Digest(envelope),
        size: envelope.length,
        annotations: layer.annotations,
      },
    ]);
    const sbomImage = JSON.parse(
      skopeo(['inspect', '--raw', `docker://${host}/${repository}:${cosignTag(subject.digest, 'sbom')}`]),
    ) as {
      layers: { mediaType: string; digest: string }[];
    };
    expect(sbomImage.layers.map((l) => [l.mediaType, l.digest])).toEqual([[sbomType, sha256Digest(sbom)]]);
    // The referrer manifest carries cosign's bundle annotations and names the manifest as subject.
    const referrer = await client.fetchManifest(repository, attached.digest);
    expect(referrer?.manifest.annotations).toEqual(annotations);
    expect(referrer?.manifest.subject?.digest).toBe(subject.digest);
  });

  it('lists no referrers for a manifest without any', async () => {
    const receipt = await client.publishWasm(repository, '1.3.0', new Uint8Array([...wasm, 0x01]), {
      created,
    });
    expect(await client.listReferrers(repository, String(receipt.details['manifestDigest']))).toEqual([]);
  });

  it('reports a registry that does not answer as REGISTRY_UNAVAILABLE', async () => {
    const down = createOciClient({ registryUrl: `http://127.0.0.1:${await freePort()}` });
    expect(await codeOf(down.publishWasm(repository, '9.9.9', wasm, { created }))).toBe(
      RegistryErrorCode.Unavailable,
    );
  });
});
