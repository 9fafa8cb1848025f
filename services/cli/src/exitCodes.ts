/** The command line's exit codes (DESIGN.md: the user's contract). */
export const ExitCode = {
  Done: 0,
  Failure: 1,
  Usage: 2,
  Refused: 3,
  Tampered: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
