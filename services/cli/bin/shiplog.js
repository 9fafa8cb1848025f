#!/usr/bin/env node
// The `shiplog` command. Node 24 runs the TypeScript sources directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `shiplog needs Node 24 or newer (this is ${process.version}); run ./dev shiplog … or put Node 24 on PATH\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
