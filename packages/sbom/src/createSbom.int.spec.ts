import { describe, expect, it } from 'vitest';
import { createSbom } from './createSbom.ts';
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
