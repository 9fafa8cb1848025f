import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exitCodes.ts';
import { main } from '../main.ts';
import { captureIo } from '../testing/captureIo.ts';

const conformance = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'events',
  'schemas',
  'cdevents-0.5.1',
  'conformance',
);

function capture(stdinText: string | undefined, isTTY = false) {
  return captureIo({ cwd: conformance, stdinText, isTTY });
}

describe('validate command (in process)', () => {
  it('is registered and resolves files against the working directory', async () => {
    const c = capture(undefined, true);
    expect(await main(['validate', 'service_deployed.json'], c.io)).toBe(ExitCode.Done);
    expect(c.out()).toMatch(
      /^service_deployed\.json:1 {2}271069a8-fc18-44f1-b38f-9d70a1695819 {2}dev\.cdevents\.service\.deployed\.0\.3\.0 {2}ok\n/,
    );
  });

  it('needs input when stdin is a terminal', async () => {
    const c = capture(undefined, true);
    expect(await main(['validate'], c.io)).toBe(ExitCode.Usage);
    expect(c.err()).toContain('no input');
  });

  it('reads stdin when no file is given and stdin is not a terminal', async () => {
    const c = capture('{"context": {}}\n');
    expect(await main(['validate', '--json'], c.io)).toBe(ExitCode.Refused);
    const report = JSON.parse(c.out()) as { events: { file: string; problems: { path: string }[] }[] };
    expect(report.events[0]?.file).toBe('<stdin>');
    expect(report.events[0]?.problems.map((p) => p.path)).toContain('/context/id');
  });

  it('refuses reading stdin twice', async () => {
    const c = capture('');
    expect(await main(['validate', '-', '-'], c.io)).toBe(ExitCode.Usage);
  });
});
