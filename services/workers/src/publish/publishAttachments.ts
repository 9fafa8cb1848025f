import { readFact, releaseIds } from '@shiplog/ledger';
import type { PublishJob } from '../jobs.ts';
import type { WorkerContext } from '../workerContext.ts';
import type { Attachment } from './registryPublisher.ts';
import { readOwnEvent } from '../readOwnEvent.ts';

const SIGSTORE_BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const CYCLONEDX = 'application/vnd.cyclonedx+json';
const DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';

/** The DSSE envelope inside a Sigstore bundle: what cosign's `.att` tag holds, one per layer. */
function envelopeOf(bundle: Uint8Array): Uint8Array | undefined {
  const parsed = JSON.parse(new TextDecoder().decode(bundle)) as {
    dsseEnvelope?: { payloadType: string; payload: string; signatures: unknown[] };
  };
  const env = parsed.dsseEnvelope;
  if (env === undefined) return undefined;
  return new TextEncoder().encode(
    JSON.stringify({ payloadType: env.payloadType, payload: env.payload, signatures: env.signatures }),
  );
}

/** The signature bundle as cosign attaches one: its annotations, and its `.att` fallback layer. */
function bundleAttachment(content: Uint8Array, predicateType: string | undefined): Attachment {
  const envelope = envelopeOf(content);
  const type: Record<string, string> = predicateType === undefined ? {} : { predicateType };
  return {
    mediaType: SIGSTORE_BUNDLE,
    content,
    annotations: {
      'dev.sigstore.bundle.content': envelope === undefined ? 'message-signature' : 'dsse-envelope',
      ...(predicateType === undefined ? {} : { 'dev.sigstore.bundle.predicateType': predicateType }),
    },
    ...(envelope === undefined
      ? {}
      : {
          cosignTag: {
            suffix: 'att',
            content: envelope,
            mediaType: DSSE_ENVELOPE,
            annotations: { 'dev.cosignproject.cosign/signature': '', ...type },
          },
        }),
  };
}

/** The signature bundle and SBOM the ledger recorded for a job's file, from the artifact store. */
export async function attachmentsOf(
  job: PublishJob,
  ctx: WorkerContext,
  index: number,
): Promise<Attachment[]> {
  const found: Attachment[] = [];
  const documents = [
    { id: releaseIds.attestation(releaseIds.fileJob(job.jobId, index)), field: 'bundle' },
    { id: releaseIds.sbom(releaseIds.fileJob(job.jobId, index)), field: 'sbom' },
  ] as const;
  for (const doc of documents) {
    const record = await readOwnEvent(ctx.store, doc.id);
    if (record === undefined) continue;
    const fact = readFact(record)?.fact;
    if (fact?.kind !== 'evidence') continue;
    const digest = doc.field === 'bundle' ? fact.bundleDigest : fact.sbom?.digest;
    if (digest === undefined) continue;
    const bytes = await ctx.artifacts.get(digest);
    const { predicateType } = fact;
    found.push(
      doc.field === 'bundle'
        ? bundleAttachment(bytes, predicateType)
        : {
            mediaType: CYCLONEDX,
            content: bytes,
            cosignTag: { suffix: 'sbom', content: bytes, mediaType: CYCLONEDX },
          },
    );
  }
  return found;
}
