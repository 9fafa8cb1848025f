import { describe, expect, it } from 'vitest';
import { mapInChunks, REQUESTS_IN_FLIGHT } from './mapInChunks.ts';

describe('mapInChunks', () => {
  it('maps every item in order, never more than REQUESTS_IN_FLIGHT at once', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: REQUESTS_IN_FLIGHT * 2 + 5 }, (_, i) => i);
    const results = await mapInChunks(items, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      return item * 2;
    });
    expect(results).toEqual(items.map((item) => item * 2));
    expect(most).toBe(REQUESTS_IN_FLIGHT);
  });
});
