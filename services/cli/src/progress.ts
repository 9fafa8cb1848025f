/** Progress of long work on stderr: a line every second or so, only for large inputs. */
export interface Progress {
  tick(): void;
  done(): void;
}

export function createProgress(
  stderr: NodeJS.WritableStream,
  what: string,
  total: number,
  threshold = 1_000,
): Progress {
  if (total < threshold) return { tick: () => undefined, done: () => undefined };
  const started = Date.now();
  let count = 0;
  let last = started;
  const line = (): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    return `shiplog ${what}: ${count}/${total} (${Math.round((count / total) * 100)}%, ${rate}/s)\n`;
  };
  return {
    tick() {
      count += 1;
      const now = Date.now();
      if (now - last >= 1_000) {
        last = now;
        stderr.write(line());
      }
    },
    done() {
      stderr.write(line());
    },
  };
}
