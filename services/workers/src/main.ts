// The worker process entry point: `node services/workers/src/main.ts <build|sbom|sign>`.
import { runWorker } from './runWorker.ts';

try {
  process.exitCode = await runWorker(process.argv[2] ?? '', process.env, process.cwd());
} catch (err) {
  process.stderr.write(`shiplog worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
