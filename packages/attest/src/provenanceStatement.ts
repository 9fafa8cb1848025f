/** `https://in-toto.io/Statement/v1` */
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** `https://slsa.dev/provenance/v1` */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** The DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** One thing a statement is about: a name and its digests (hex, by algorithm). */
export interface StatementSubject {
  readonly name: string;
  readonly digest: Readonly<Record<string, string>>;
}

/** An in-toto ResourceDescriptor (what was used or produced: by URI, name and/or digest). */
export interface ResourceDescriptor {
  readonly uri?: string;
  readonly name?: string;
  readonly digest?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, unknown>>;
}

/** An in-toto Statement v1 with its predicate. */
export interface InTotoStatement<P = unknown> {
  readonly _type: typeof IN_TOTO_STATEMENT_V1;
  readonly subject: readonly StatementSubject[];
  readonly predicateType: string;
  readonly predicate: P;
}

/** SLSA provenance v1: how the subjects were built. */
export interface SlsaProvenanceV1 {
  readonly buildDefinition: {
    readonly buildType: string;
    readonly externalParameters: Readonly<Record<string, unknown>>;
    readonly internalParameters?: Readonly<Record<string, unknown>>;
    readonly resolvedDependencies?: readonly ResourceDescriptor[];
  };
  readonly runDetails: {
    readonly builder: { readonly id: string; readonly version?: Readonly<Record<string, string>> };
    readonly metadata: {
      readonly invocationId: string;
      readonly startedOn: string;
      readonly finishedOn: string;
    };
    readonly byproducts?: readonly ResourceDescriptor[];
  };
}

export interface ProvenanceInput {
  readonly subjects: readonly StatementSubject[];
  readonly buildType: string;
  readonly builderId: string;
  readonly externalParameters: Readonly<Record<string, unknown>>;
  readonly internalParameters?: Readonly<Record<string, unknown>>;
  readonly resolvedDependencies?: readonly ResourceDescriptor[];
  readonly byproducts?: readonly ResourceDescriptor[];
  readonly invocationId: string;
  readonly startedOn: Date;
  readonly finishedOn: Date;
}

/** An in-toto Statement v1 whose predicate is SLSA provenance v1 for the given subjects. */
export function provenanceStatement(input: ProvenanceInput): InTotoStatement<SlsaProvenanceV1> {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: input.subjects,
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: input.buildType,
        externalParameters: input.externalParameters,
        ...(input.internalParameters === undefined ? {} : { internalParameters: input.internalParameters }),
        ...(input.resolvedDependencies === undefined
          ? {}
          : { resolvedDependencies: input.resolvedDependencies }),
      },
      runDetails: {
        builder: { id: input.builderId },
        metadata: {
          invocationId: input.invocationId,
          startedOn: input.startedOn.toISOString(),
          finishedOn: input.finishedOn.toISOString(),
        },
        ...(input.byproducts === undefined ? {} : { byproducts: input.byproducts }),
      },
    },
  };
}
