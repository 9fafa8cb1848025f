import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditBundleFile, readBundleJson } from './auditBundleFiles.ts';
import type { DocumentEntry } from './auditBundleFiles.ts';

export interface BundleDocuments {
  /** Documents the records reference. */
  readonly checked: number;
  /** Referenced, but their bytes were out of reach at export. */
  readonly notIncluded: readonly string[];
  /** Included, but missing or not matching their digest. */
  readonly altered: readonly string[];
}

/** Checks every SBOM and signature bundle an audit bundle holds against the digest its record names. */
export async function checkBundleDocuments(dir: string): Promise<BundleDocuments> {
  const documents = (await readBundleJson(dir, AuditBundleFile.Documents)) as DocumentEntry[];
  const altered: string[] = [];
  const notIncluded: string[] = [];
  for (const doc of documents) {
    if (doc.file === undefined) {
      notIncluded.push(doc.digest);
      continue;
    }
    // Only files inside the bundle's documents directory count.
    const inside = /^documents\/sha256-[0-9a-f]{64}$/.test(doc.file);
    const bytes = inside ? await readFile(join(dir, doc.file)).catch(() => undefined) : undefined;
    if (bytes === undefined || `sha256:${hash('sha256', bytes, 'hex')}` !== doc.digest)
      altered.push(doc.digest);
  }
  return { checked: documents.length, notIncluded, altered };
}
