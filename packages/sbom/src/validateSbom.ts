import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { SbomError, SbomErrorCode } from './errors.ts';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

/**
 * Validates a CycloneDX 1.6 JSON document against the official schema (strict: no unknown
 * properties). Throws `SBOM_SCHEMA_INVALID` with the validator's findings.
 */
export async function validateSbom(json: string): Promise<void> {
  const findings: unknown = await validator.validate(json);
  if (findings !== null) {
    throw new SbomError(
      SbomErrorCode.SchemaInvalid,
      `not a valid CycloneDX 1.6 document: ${JSON.stringify(findings)}`,
    );
  }
}
