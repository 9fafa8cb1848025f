import type { Bus } from '../../bus.ts';
import type { TopologyOptions } from '../../topology.ts';

/** What an adapter's test file provides: a bus on a fresh backend, and more clients of that backend. */
export interface BusHarness {
  readonly bus: Bus;
  /** Another client (another process, in production) of the same backend, with topology overrides. */
  connect(topology?: TopologyOptions): Promise<Bus>;
  cleanup(): Promise<void>;
}

/** Opens a harness; the contract passes a unique namespace so tests never see each other's messages. */
export type OpenBus = (topology: TopologyOptions) => Promise<BusHarness>;

/** What each group of contract cases receives. */
export interface ContractContext {
  /** A harness whose topology is already ensured; everything it opened is closed after the test. */
  open(topology?: TopologyOptions): Promise<ContractClients>;
}

/** The first client of a test's backend, and a way to connect more. */
export interface ContractClients {
  readonly bus: Bus;
  readonly connect: (topology?: TopologyOptions) => Promise<Bus>;
}

export const text = (value: string): Uint8Array => new TextEncoder().encode(value);
export const read = (value: Uint8Array): string => new TextDecoder().decode(value);

/** Polls until `check` returns a value other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
