import type { CommandIo } from '../command.ts';
import type { OciCredentials } from '@shiplog/registries';
import { readInput } from '../readInput.ts';
import { digestListObservations } from './digestList.ts';
import { dockerObservations } from './dockerInspect.ts';
import { kubectlObservations } from './kubectlPods.ts';
import type { Observation } from './observation.ts';
import { parseJsonInput } from './observation.ts';
import { ociTagObservation, parseOciTagReference } from './ociTag.ts';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** One `--from KIND=ARG` (or a bare FILE, read by its content). */
export type SnapshotSource =
  | { readonly kind: 'kubectl' | 'docker' | 'digests' | 'auto'; readonly file: string }
  | { readonly kind: 'oci'; readonly reference: string };

/** Reads `kubectl=FILE|-`, `docker=FILE|-`, `oci=URL/REPO:TAG` or `digests=FILE|-`. */
export function parseSource(text: string): SnapshotSource {
  const at = text.indexOf('=');
  const kind = at === -1 ? '' : text.slice(0, at);
  const arg = text.slice(at + 1);
  if (arg.length > 0 && (kind === 'kubectl' || kind === 'docker' || kind === 'digests'))
    return { kind, file: arg };
  if (arg.length > 0 && kind === 'oci') return { kind, reference: arg };
  throw new SnapshotError(
    SnapshotErrorCode.SourceInvalid,
    `--from ${text}: expected kubectl=FILE|-, docker=FILE|-, oci=<registry URL>/<repository>:<tag> or digests=FILE|-`,
  );
}

export interface ReadOptions {
  readonly serviceLabels?: readonly string[];
  /** The service an `oci=` tag is of (default: the repository's last path segment). */
  readonly service?: string;
  /** For `oci=`: the registry's credentials. */
  readonly ociCredentials?: OciCredentials;
}

async function readText(file: string, io: CommandIo): Promise<string> {
  const { bytes, truncated } = await readInput(file, io.stdin, io.cwd, MAX_INPUT_BYTES);
  if (truncated)
    throw new SnapshotError(
      SnapshotErrorCode.InputMalformed,
      `${file}: larger than ${MAX_INPUT_BYTES} bytes`,
    );
  return new TextDecoder().decode(bytes);
}

/** A bare FILE: JSON is kubectl's (an object) or docker's (an array); anything else a digest list. */
function readAuto(text: string, where: string, options: ReadOptions): Observation[] {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return digestListObservations(text, where);
  const value = parseJsonInput(text, where, 'kubectl or docker inspect JSON');
  return Array.isArray(value)
    ? dockerObservations(value, { where, ...options })
    : kubectlObservations(value, { where, ...options });
}

/** What one source says runs. */
export async function readSource(
  source: SnapshotSource,
  io: CommandIo,
  options: ReadOptions,
): Promise<Observation[]> {
  if (source.kind === 'oci') {
    const reference = parseOciTagReference(source.reference);
    const service = options.service ?? reference.repository.split('/').pop() ?? reference.repository;
    const client = options.ociCredentials === undefined ? {} : { credentials: options.ociCredentials };
    return [await ociTagObservation(reference, service, client)];
  }
  const where = source.file === '-' ? 'stdin' : source.file;
  const text = await readText(source.file, io);
  switch (source.kind) {
    case 'digests':
      return digestListObservations(text, where);
    case 'kubectl':
      return kubectlObservations(parseJsonInput(text, where, 'the JSON of kubectl get pods -o json'), {
        where,
        ...options,
      });
    case 'docker':
      return dockerObservations(parseJsonInput(text, where, 'the JSON array of docker inspect'), {
        where,
        ...options,
      });
    case 'auto':
      return readAuto(text, where, options);
  }
}
