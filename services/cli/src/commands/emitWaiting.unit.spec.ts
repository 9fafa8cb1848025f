import { PassThrough } from 'node:stream';
import type { Emitter, RecordAnswer } from '@shiplog/sdk';
import { describe, expect, it } from 'vitest';
import { withWaitingNotice } from './emitWaiting.ts';

const recorded: RecordAnswer = {
  status: 'recorded',
  eventId: 'e',
  streamId: 's',
  position: 1,
  violations: [],
};

function slowEmitter(answerAfterMs: number): Emitter {
  return {
    emit: () => new Promise((resolve) => setTimeout(() => resolve(recorded), answerAfterMs)),
    close: () => Promise.resolve(),
  };
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('withWaitingNotice (shiplog emit over NATS)', () => {
  it('says on stderr that no answer came yet while the emitter keeps waiting, then passes the answer on', async () => {
    const stderr = capture();
    const emitter = withWaitingNotice(slowEmitter(400), stderr.stream, { afterMs: 100, everyMs: 1_000 });
    expect(await emitter.emit({ text: '{}' })).toEqual(recorded);
    await emitter.close();
    expect(stderr.text()).toMatch(
      /^shiplog emit: no answer yet from ingest after \d+ s, still retrying \(1 event waits; is `shiplog serve ingest` running/,
    );
    expect(stderr.text().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('stays quiet when answers come in time', async () => {
    const stderr = capture();
    const emitter = withWaitingNotice(slowEmitter(20), stderr.stream, { afterMs: 200 });
    await Promise.all([emitter.emit({ text: '{}' }), emitter.emit({ text: '{}' })]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await emitter.close();
    expect(stderr.text()).toBe('');
  });
});
