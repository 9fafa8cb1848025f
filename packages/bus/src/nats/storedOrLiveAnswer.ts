/**
 * The answer to a repeated event: the one stored in the answers stream (read with `readStored`,
 * looked at again and again with a growing pause, since answers are stored without waiting), or
 * the live one, whichever comes first; after `timeoutMs`, whatever the live wait ends with.
 */
export async function storedOrLiveAnswer(
  readStored: () => Promise<{ readonly data: Uint8Array } | null>,
  live: Promise<Uint8Array>,
  timeoutMs: number,
): Promise<Uint8Array> {
  const deadline = Date.now() + timeoutMs;
  let got: Uint8Array | undefined;
  void live.then(
    (data) => (got = data),
    () => undefined,
  );
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const stored = await readStored();
    if (stored !== null) return stored.data;
    if (got !== undefined) return got;
    if (Date.now() >= deadline) return await live;
    await Promise.race([live.catch(() => undefined), new Promise((r) => setTimeout(r, delay))]);
    if (got !== undefined) return got;
  }
}
