/** Requests kept in flight at once when one append touches many streams (links, id look-ups). */
export const REQUESTS_IN_FLIGHT = 64;

/**
 * `Promise.all(items.map(work))`, but at most `REQUESTS_IN_FLIGHT` at a time, so a large batch
 * does not open thousands of concurrent calls on one connection. Results keep the items' order.
 */
export async function mapInChunks<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += REQUESTS_IN_FLIGHT) {
    results.push(...(await Promise.all(items.slice(start, start + REQUESTS_IN_FLIGHT).map(work))));
  }
  return results;
}
