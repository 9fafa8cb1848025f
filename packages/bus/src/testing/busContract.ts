import { afterEach, describe } from 'vitest';
import type { Bus } from '../bus.ts';
import type { TopologyOptions } from '../topology.ts';
import { answerCases, answerSenderCases } from './contract/answerCases.ts';
import type { BusHarness, ContractContext, OpenBus } from './contract/contractContext.ts';
import { consumeCases } from './contract/consumeCases.ts';
import { jobCases } from './contract/jobCases.ts';
import { publishCases } from './contract/publishCases.ts';
import { rejectedCases } from './contract/rejectedCases.ts';

let namespaces = 0;

/**
 * The behaviour every {@link Bus} adapter must show. Call it from an adapter's spec file; `open` gets
 * the topology to use (a unique namespace per test) and returns a fresh harness.
 */
export function describeBusContract(name: string, open: OpenBus): void {
  describe(`Bus contract: ${name}`, () => {
    const harnesses: BusHarness[] = [];
    const clients: Bus[] = [];
    afterEach(async () => {
      const closing = [...clients.splice(0), ...harnesses.map((harness) => harness.bus)];
      await Promise.allSettled(closing.map((bus) => bus.close()));
      await Promise.allSettled(harnesses.splice(0).map((harness) => harness.cleanup()));
    });

    const context: ContractContext = {
      async open(topology: TopologyOptions = {}) {
        const namespace = `c${process.pid}-${++namespaces}-${Math.random().toString(36).slice(2, 8)}`;
        const harness = await open({ namespace, ...topology });
        harnesses.push(harness);
        await harness.bus.ensureTopology();
        return {
          bus: harness.bus,
          async connect(overrides: TopologyOptions = {}) {
            const client = await harness.connect(overrides);
            clients.push(client);
            return client;
          },
        };
      },
    };

    publishCases(context);
    consumeCases(context);
    jobCases(context);
    rejectedCases(context);
    answerCases(context);
    answerSenderCases(context);
  });
}
