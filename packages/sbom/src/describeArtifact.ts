import type { ArtifactDescription } from './artifactDescription.ts';
import { describeCrate } from './describeCrate.ts';
import { describeNpm } from './describeNpm.ts';
import { describeSdist, describeWheel } from './describePython.ts';
import { describeWasm } from './describeWasm.ts';
import { SbomError, SbomErrorCode } from './errors.ts';
import { readTarGz } from './readTar.ts';
import { readZip } from './readZip.ts';

/** Names a wasm module needs, since it carries none of its own. */
export interface IdentityHint {
  readonly name?: string;
  readonly version?: string;
}

/** Reads what an artifact declares about itself, choosing the reader by its file name. */
export function describeArtifact(
  fileName: string,
  bytes: Uint8Array,
  hint: IdentityHint = {},
): ArtifactDescription {
  if (fileName.endsWith('.crate')) return describeCrate(readTarGz(bytes));
  if (fileName.endsWith('.whl')) return describeWheel(readZip(bytes));
  if (fileName.endsWith('.tar.gz')) return describeSdist(readTarGz(bytes));
  if (fileName.endsWith('.tgz')) return describeNpm(readTarGz(bytes));
  if (fileName.endsWith('.wasm')) {
    if (hint.name === undefined || hint.version === undefined) {
      throw new SbomError(
        SbomErrorCode.MetadataMissing,
        `${fileName}: a wasm module needs a name and version hint`,
      );
    }
    return describeWasm(bytes, { name: hint.name, version: hint.version });
  }
  throw new SbomError(
    SbomErrorCode.ArtifactKindUnknown,
    `${fileName}: not a .crate, .whl, .tar.gz (sdist), .tgz (npm) or .wasm artifact`,
  );
}
