import { relative } from 'node:path';

/** The part of vitest's JSON report (`--reporter=json`) that says how long each test file took. */
interface VitestJson {
  readonly testResults?: readonly {
    readonly name: string;
    readonly startTime: number;
    readonly endTime: number;
  }[];
}

/** The `count` slowest test files of a vitest JSON report, slowest first, as table lines. */
export function slowestTests(report: unknown, root: string, count = 10): string[] {
  const files = (report as VitestJson).testResults ?? [];
  return [...files]
    .map((f) => ({ file: relative(root, f.name), seconds: (f.endTime - f.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map((f) => `${f.seconds.toFixed(1).padStart(7)} s  ${f.file}`);
}
