import { storedValue } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';

/** An SBOM or signature bundle a recorded event names by digest. */
export interface DocumentReference {
  readonly kind: 'sbom' | 'signature-bundle';
  readonly digest: string;
  readonly location?: string;
}

const SBOM_TYPE = /^dev\.cdeventsx\.shiplog-sbom\.generated\./;
const ATTESTATION_TYPE = /^dev\.cdeventsx\.shiplog-attestation\.recorded\./;

function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path)
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function reference(kind: DocumentReference['kind'], doc: unknown): DocumentReference[] {
  const digest = field(doc, 'digest');
  const location = field(doc, 'location');
  if (typeof digest !== 'string') return [];
  return [{ kind, digest, ...(typeof location === 'string' ? { location } : {}) }];
}

/** The SBOMs and signature bundles a record references (none for other event types or bad JSON). */
export function referencedDocuments(record: Pick<RecordedEvent, 'type' | 'data'>): DocumentReference[] {
  const sbom = SBOM_TYPE.test(record.type);
  if (!sbom && !ATTESTATION_TYPE.test(record.type)) return [];
  const content = field(storedValue(record), 'subject', 'content');
  return sbom
    ? reference('sbom', field(content, 'sbom'))
    : reference('signature-bundle', field(content, 'bundle'));
}
