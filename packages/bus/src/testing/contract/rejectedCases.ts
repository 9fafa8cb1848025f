import { expect, it } from 'vitest';
import { BusErrorCode } from '../../errors.ts';
import type { ContractContext } from './contractContext.ts';
import { read, text } from './contractContext.ts';

export function rejectedCases(context: ContractContext): void {
  it('keeps malformed input with its reason in a bounded log, dropping the oldest', async () => {
    const { bus } = await context.open({ rejectedMaxMsgs: 3 });
    for (let n = 1; n <= 5; n++) {
      await bus.reject(text(`not json ${n}`), `line ${n}: unexpected token`, { 'ce-source': 'ci' });
    }
    const entries = await bus.readRejected();
    expect(entries.map((entry) => read(entry.data))).toEqual(['not json 3', 'not json 4', 'not json 5']);
    expect(entries.map((entry) => entry.reason)).toEqual([
      'line 3: unexpected token',
      'line 4: unexpected token',
      'line 5: unexpected token',
    ]);
    expect(entries[0]?.headers).toEqual({ 'ce-source': 'ci' });
    expect(entries[0]?.rejectedAt).toBeInstanceOf(Date);
    expect((await bus.readRejected({ limit: 2 })).map((entry) => read(entry.data))).toEqual([
      'not json 4',
      'not json 5',
    ]);
  });

  it('keeps a multi-line reason on one line', async () => {
    const { bus } = await context.open();
    await bus.reject(text('{'), 'first problem\r\nsecond problem');
    const [entry] = await bus.readRejected();
    expect(entry?.reason).toBe('first problem second problem');
  });

  it('refuses a limit below one', async () => {
    const { bus } = await context.open();
    await expect(bus.readRejected({ limit: 0 })).rejects.toMatchObject({
      code: BusErrorCode.InvalidArgument,
    });
  });
}
