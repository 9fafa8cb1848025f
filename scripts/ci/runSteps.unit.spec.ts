import { describe, expect, it } from 'vitest';
import { runSteps } from './runSteps.ts';
import { slowestTests } from './slowestTests.ts';

const node = (name: string, code: string) => ({ name, command: process.execPath, args: ['-e', code] });

describe('runSteps (./dev test progress)', () => {
  it('names each step as it starts, says it still runs while silent, and times it', async () => {
    const lines: string[] = [];
    const times = await runSteps([node('quiet', 'setTimeout(() => {}, 400)'), node('quick', '')], {
      cwd: process.cwd(),
      log: (line) => lines.push(line),
      heartbeatMs: 100,
    });
    expect(lines[0]).toMatch(/^\[1\/2\] quiet: .*node/);
    expect(lines.some((l) => /^\[1\/2\] quiet still running \([\d.]+ s\)$/.test(l))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/2\] quiet passed in [\d.]+ s/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[2\/2\] quick passed in [\d.]+ s/));
    expect(times.map((t) => [t.name, t.ok])).toEqual([
      ['quiet', true],
      ['quick', true],
    ]);
  });

  it('stops at the first failing step and says so', async () => {
    const lines: string[] = [];
    const times = await runSteps([node('broken', 'process.exit(3)'), node('never', '')], {
      cwd: process.cwd(),
      log: (line) => lines.push(line),
    });
    expect(times).toHaveLength(1);
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/2\] broken FAILED \(exit 3\)/));
  });

  it('lists the slowest test files of a vitest JSON report first', () => {
    const report = {
      testResults: [
        { name: '/r/a.spec.ts', startTime: 0, endTime: 1_000 },
        { name: '/r/b.spec.ts', startTime: 0, endTime: 90_000 },
      ],
    };
    expect(slowestTests(report, '/r')).toEqual(['   90.0 s  b.spec.ts', '    1.0 s  a.spec.ts']);
  });
});
