import type { ArtifactRef } from '@shiplog/events';
import { purlIdentity } from '../artifactIdentity.ts';
import { GateError, GateErrorCode } from './gateErrors.ts';

const purlPattern = /^pkg:[A-Za-z][A-Za-z0-9.+-]*\/\S+$/;

/**
 * Reads what `--artifact` names: a digest (`sha256:<hex>`, or the 64 hex digits alone) or a
 * package URL with a version or digest. Throws `GATE_ARTIFACT_INVALID` for anything else.
 */
export function gateArtifact(text: string): ArtifactRef {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (/^sha256:[0-9a-f]{64}$/.test(lower)) return { digest: lower };
  if (/^[0-9a-f]{64}$/.test(lower)) return { digest: `sha256:${lower}` };
  if (purlPattern.test(trimmed)) {
    const identity = purlIdentity(trimmed);
    if (identity.digest !== undefined) return { digest: identity.digest, purl: trimmed };
    if (identity.nameVersion !== undefined) return { purl: trimmed };
  }
  throw new GateError(
    GateErrorCode.ArtifactInvalid,
    `'${text}' is neither a digest (sha256:<64 hex>) nor a package URL with a version or digest`,
  );
}
