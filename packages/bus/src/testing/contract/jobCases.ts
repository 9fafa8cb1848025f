import { expect, it } from 'vitest';
import { BusErrorCode } from '../../errors.ts';
import type { ContractContext } from './contractContext.ts';
import { read, text, waitFor } from './contractContext.ts';

export function jobCases(context: ContractContext): void {
  it('deletes a job from its queue once acknowledged, and keeps a failed one for redelivery', async () => {
    const { bus } = await context.open();
    for (const id of ['j1', 'j2', 'j3']) await bus.enqueueJob('sbom', text(id), { msgId: id });
    expect(await bus.queueDepth('sbom')).toBe(3);

    const done: string[] = [];
    const consumption = await bus.consumeJobs('sbom', { retryDelayMs: 10 }, (job) => {
      if (read(job.data) === 'j2' && job.deliveryCount === 1) throw new Error('worker hiccup');
      done.push(read(job.data));
    });
    await waitFor('three jobs done', () => (done.length >= 3 ? true : undefined));
    await consumption.stop();
    expect([...done].sort()).toEqual(['j1', 'j2', 'j3']);
    expect(await eventually(() => bus.queueDepth('sbom'), 0)).toBe(0);
  });

  it('routes jobs by platform: a runner never sees another platform’s job', async () => {
    const { bus, connect } = await context.open();
    await bus.enqueueJob('build', text('linux-1'), { platform: 'linux-x64', msgId: 'l1' });
    await bus.enqueueJob('build', text('mac-1'), { platform: 'darwin-arm64', msgId: 'd1' });
    await bus.enqueueJob('build', text('linux-2'), { platform: 'linux-x64', msgId: 'l2' });

    const linuxRunner = await connect();
    const linuxJobs: string[] = [];
    const linux = await linuxRunner.consumeJobs('build', { platform: 'linux-x64' }, (job) => {
      linuxJobs.push(read(job.data));
    });
    await waitFor('both linux jobs', () => (linuxJobs.length >= 2 ? true : undefined));
    expect(await eventually(() => bus.queueDepth('build'), 1)).toBe(1);

    const macRunner = await connect();
    const macJobs: string[] = [];
    const mac = await macRunner.consumeJobs('build', { platform: 'darwin-arm64' }, (job) => {
      macJobs.push(read(job.data));
    });
    await waitFor('the mac job', () => (macJobs.length >= 1 ? true : undefined));
    await Promise.all([linux.stop(), mac.stop()]);
    expect(linuxJobs).toEqual(['linux-1', 'linux-2']);
    expect(macJobs).toEqual(['mac-1']);
    expect(await eventually(() => bus.queueDepth('build'), 0)).toBe(0);
  });

  it('never redelivers a terminated job', async () => {
    const { bus } = await context.open();
    await bus.enqueueJob('sign', text('doomed'), { msgId: 'doomed' });
    await bus.enqueueJob('sign', text('fine'), { msgId: 'fine' });
    const seen: string[] = [];
    const consumption = await bus.consumeJobs('sign', {}, (job) => {
      seen.push(`${read(job.data)}${job.deliveryCount}`);
      if (read(job.data) === 'doomed') job.term('cannot ever succeed');
    });
    await waitFor('both jobs', () => (seen.length >= 2 ? true : undefined));
    await consumption.stop();
    expect(seen).toEqual(['doomed1', 'fine1']);
    // nats-server 2.9 keeps a terminated message in a work-queue stream (newer servers may drop it).
    expect(await eventually(() => bus.queueDepth('sign'), 1)).toBe(1);
  });

  it('dedupes jobs by msgId and refuses unknown queues and bad platform labels', async () => {
    const { bus } = await context.open();
    const first = await bus.enqueueJob('sign', text('s'), { msgId: 'sign-1' });
    const again = await bus.enqueueJob('sign', text('s'), { msgId: 'sign-1' });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await bus.queueDepth('sign')).toBe(1);
    await expect(bus.enqueueJob('nope', text('x'))).rejects.toMatchObject({
      code: BusErrorCode.InvalidArgument,
    });
    await expect(bus.enqueueJob('build', text('x'), { platform: 'linux.x64' })).rejects.toMatchObject({
      code: BusErrorCode.InvalidArgument,
    });
  });
}

/** Reads `probe` until it returns `expected` (acks are applied asynchronously by a server). */
async function eventually<T>(probe: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
