// The gate's own error table: packages/ledger/src/errors.ts belongs to another change in flight.
export const GateErrorCode = {
  PolicyInvalid: 'GATE_POLICY_INVALID',
  ArtifactInvalid: 'GATE_ARTIFACT_INVALID',
} as const;
export type GateErrorCode = (typeof GateErrorCode)[keyof typeof GateErrorCode];

/** One problem with a policy document, at a JSON pointer. */
export interface GatePolicyProblem {
  readonly path: string;
  readonly message: string;
}

export class GateError extends Error {
  readonly code: GateErrorCode;
  /** For `GATE_POLICY_INVALID`: every bad field. */
  readonly problems: readonly GatePolicyProblem[];
  constructor(
    code: GateErrorCode,
    message: string,
    options?: ErrorOptions & { readonly problems?: readonly GatePolicyProblem[] },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}
