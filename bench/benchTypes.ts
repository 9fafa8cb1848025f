/** One measured figure, as printed and written to bench/results.json. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same measurement done the plainest way (raw node:sqlite, raw JetStream …), when there is one. */
  readonly baseline?: number;
  /** value / baseline. */
  readonly ratio?: number;
  /** The goal, in words (`ratio ≥ 0.8`, `≥ 500000 events/s`). */
  readonly goal: string;
  readonly met: boolean;
}

export interface BenchContext {
  /** Smaller sizes for a smoke run. */
  readonly quick: boolean;
  /** A scratch directory for this run, deleted afterwards. */
  readonly dir: string;
  /** Progress for the person watching (stderr). */
  log(message: string): void;
  /** A ledger of `events` events, built once per run and shared between modules. */
  ledger(events: number): Promise<string>;
}

export interface BenchModule {
  run(ctx: BenchContext): Promise<Figure[]>;
}
