import { describeBusContract } from '../testing/busContract.ts';
import { MemoryBroker } from './memoryBroker.ts';
import { createMemoryBus } from './memoryBus.ts';

describeBusContract('in-process', (topology) => {
  const broker = new MemoryBroker();
  const open = (overrides = {}) => createMemoryBus({ broker, topology: { ...topology, ...overrides } });
  return Promise.resolve({
    bus: open(),
    connect: (overrides) => Promise.resolve(open(overrides)),
    cleanup: () => Promise.resolve(),
  });
});
