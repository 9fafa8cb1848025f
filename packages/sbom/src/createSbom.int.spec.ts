import { describe, expect, it } from 'vitest';
import { createSbom, sbomSerialNumber } from './createSbom.ts';
import { SbomError, SbomErrorCode } from './errors.ts';
import { tarGz } from './testing/archives.ts';
import { validateSbom } from './validateSbom.ts';

const tgz = tarGz({
  'package/package.json': JSON.stringify({
    name: 'demo',
    version: '1.0.0',
    license: 'MIT',
    dependencies: { left: '1.3.0' },
  }),
});

describe('createSbom', () => {
  it('writes a schema-valid CycloneDX 1.6 document, the same for the same artifact', async () => {
    const input = { fileName: 'demo-1.0.0.tgz', bytes: tgz, timestamp: new Date('2026-01-01T00:00:00Z') };
    const first = await createSbom(input);
    const second = await createSbom(input);
    expect(second.json).toBe(first.json);
    const doc = JSON.parse(first.json) as {
      bomFormat: string;
      specVersion: string;
      components: { purl: string }[];
    };
    expect([doc.bomFormat, doc.specVersion]).toEqual(['CycloneDX', '1.6']);
    expect(doc.components.map((c) => c.purl)).toEqual(['pkg:npm/left@1.3.0']);
    expect(first.componentCount).toBe(1);
  });

  it('gives each document its own serial (two SBOMs of one artifact never share one), from its content', async () => {
    const at = (iso: string) => ({ fileName: 'demo-1.0.0.tgz', bytes: tgz, timestamp: new Date(iso) });
    const monday = await createSbom(at('2026-01-05T00:00:00Z'));
    const tuesday = await createSbom(at('2026-01-06T00:00:00Z'));
    const renamed = await createSbom({
      ...at('2026-01-05T00:00:00Z'),
      purl: 'pkg:npm/demo@1.0.0?checksum=x',
    });
    const serials = [monday, tuesday, renamed].map(
      (s) => (JSON.parse(s.json) as { serialNumber: string; version: number }).serialNumber,
    );
    expect(new Set(serials).size).toBe(3);
    for (const serial of serials)
      expect(serial).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    // Anyone can recompute it: the UUID v5 of the document's own digest, serial left out.
    const { serialNumber, ...rest } = JSON.parse(monday.json) as { serialNumber: string };
    expect(sbomSerialNumber(JSON.stringify(rest, null, 2))).toBe(serialNumber);
    // Validated against the official CycloneDX 1.6 JSON schema (bundled by @cyclonedx/cyclonedx-library).
    await expect(validateSbom(tuesday.json)).resolves.toBeUndefined();
  });

  it('refuses a document that breaks the schema with SBOM_SCHEMA_INVALID', async () => {
    const { json } = await createSbom({ fileName: 'demo-1.0.0.tgz', bytes: tgz, timestamp: new Date(0) });
    const broken = JSON.stringify({
      ...(JSON.parse(json) as object),
      specVersion: '1.6',
      serialNumber: 'not-a-urn',
    });
    await expect(validateSbom(broken)).rejects.toSatisfy(
      (err) => err instanceof SbomError && err.code === SbomErrorCode.SchemaInvalid,
    );
  });
});
