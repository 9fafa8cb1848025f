import { sha256Digest } from './digests.ts';
import { RegistryError, RegistryErrorCode } from './errors.ts';

/**
 * Hashes the bytes about to be published and, when the ledger recorded a digest for them, refuses
 * other bytes (build once, promote the same bytes).
 */
export function digestOfUpload(bytes: Uint8Array, expectedDigest: string | undefined, what: string): string {
  const digest = sha256Digest(bytes);
  if (expectedDigest !== undefined && expectedDigest !== digest) {
    throw new RegistryError(
      RegistryErrorCode.DigestMismatch,
      `${what} hashes to ${digest}, not the recorded ${expectedDigest}`,
    );
  }
  return digest;
}

/** The error for "this version is there with other bytes". */
export function versionExists(what: string, there: string, ours: string): RegistryError {
  return new RegistryError(
    RegistryErrorCode.VersionExistsOtherBytes,
    `${what} is already published with other bytes (${there}, ours ${ours})`,
  );
}
