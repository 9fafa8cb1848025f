#!/usr/bin/env node
// The `shiplog` command. In the repository Node 24 runs the TypeScript sources directly (type
// stripping); the published package's copy imports the built JavaScript (packaging/README.md).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `shiplog needs Node 24 or newer (this is ${process.version}): put Node 24 on PATH (in a clone of shiplog, ./dev shiplog … does)\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
