// Health checks of docker-compose.yml, run by Node 24 from the shiplog image (no curl or wget there,
// and none in the scratch nats image): asks URL until it answers 2xx.
//   node deploy/waitHealthy.ts URL [--timeout SECONDS] [--ca PEM-FILE]
// With --timeout it asks every second until then (a one-shot service others wait for); without,
// once (a container healthcheck). --ca trusts a private CA for https. Exit 0 healthy, 1 not.
import { readFileSync } from 'node:fs';
import { get as getHttp } from 'node:http';
import { get as getHttps } from 'node:https';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { timeout: { type: 'string', default: '0' }, ca: { type: 'string' } },
  allowPositionals: true,
});
const url = positionals[0];
const timeoutSeconds = Number(values.timeout);
if (url === undefined || positionals.length > 1 || !Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
  process.stderr.write('usage: node deploy/waitHealthy.ts URL [--timeout SECONDS] [--ca PEM-FILE]\n');
  process.exit(2);
}
const ca = values.ca === undefined ? undefined : readFileSync(values.ca, 'utf8');

function ask(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const get = url?.startsWith('https:') ? getHttps : getHttp;
    const request = get(url ?? '', { timeout: 5_000, ...(ca === undefined ? {} : { ca }) }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? undefined : `answered ${status} ${body.trim()}`);
      });
    });
    request.once('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.once('error', (err) => resolve(err.message));
  });
}

const deadline = Date.now() + timeoutSeconds * 1_000;
for (;;) {
  const problem = await ask();
  if (problem === undefined) process.exit(0);
  if (Date.now() >= deadline) {
    process.stderr.write(`${url} is not healthy: ${problem}\n`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
