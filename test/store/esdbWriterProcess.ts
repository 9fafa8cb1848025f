// A separate writer process for the multi-writer scenarios: opens its own adapter on the server
// and namespace it is given and appends `count` single-event batches, alternating between a shared
// stream and a stream of its own. Prints one JSON line: the ids it recorded.
import { createEsdbEventStore } from '@shiplog/store';

const [url, namespace, writer, sharedStream, countText] = process.argv.slice(2);
if ([url, namespace, writer, sharedStream, countText].includes(undefined)) {
  process.stderr.write('usage: esdbWriterProcess.ts URL NAMESPACE WRITER SHARED_STREAM COUNT\n');
  process.exit(2);
}
const store = await createEsdbEventStore(url as string, { namespace: namespace as string });
const ids: string[] = [];
try {
  for (let i = 0; i < Number(countText); i++) {
    const id = `${sharedStream}/${writer}/${i}`;
    const stream = i % 2 === 0 ? (sharedStream as string) : `${sharedStream}.${writer}`;
    const event = { id, type: 'dev.cdevents.test.happened.0.1.0', data: `{"n":${i}}`, producer: writer };
    await store.appendToStream(stream, [event]);
    ids.push(id);
  }
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify({ ids })}\n`);
