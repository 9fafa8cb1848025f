import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NpmSandbox } from './npmSandbox.ts';

const repoModules = join(import.meta.dirname, '..', '..', 'node_modules');
const versionOf = async (name: string): Promise<string> =>
  (JSON.parse(await readFile(join(repoModules, name, 'package.json'), 'utf8')) as { version: string })
    .version;

let sandbox: NpmSandbox;

const deployed = `buildEvent('dev.cdevents.service.deployed.0.3.0', {
  id: 'install-test-deploy-1',
  timestamp: '2026-12-01T10:00:00Z',
  source: '/github/acme/shop/actions/runs/1',
  subjectId: 'checkout',
  content: CONTENT,
})`;
const content = "{ environment: { id: 'production' }, artifactId: 'pkg:npm/checkout@1.0.0' }";

async function project(name: string, dependencies: readonly string[]): Promise<string> {
  const dir = await sandbox.emptyDir(name);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  const installed = await sandbox.npm(['install', ...dependencies], dir);
  expect(installed.code, installed.stderr).toBe(0);
  return dir;
}

/** `@shiplog/sdk` from the registry, in a plain JavaScript project and a type-checked TypeScript one. */
export function sdkInstallSuite(getSandbox: () => NpmSandbox): void {
  describe('@shiplog/sdk installed from a registry', () => {
    beforeAll(() => {
      sandbox = getSandbox();
    });
    it('builds an event and records it into an embedded store from a plain JavaScript project', async () => {
      const dir = await project('js-app', ['@shiplog/sdk', '@shiplog/store']);
      const script = [
        "import { buildEvent, createEmitter } from '@shiplog/sdk';",
        "import { openStore } from '@shiplog/store';",
        "const store = await openStore('sqlite:./ledger.db', { cwd: process.cwd() });",
        'const emitter = await createEmitter({ store });',
        `const answer = await emitter.emit(${deployed.replace('CONTENT', content)});`,
        'await emitter.close();',
        'await store.close();',
        'console.log(JSON.stringify(answer));',
      ].join('\n');
      await writeFile(join(dir, 'emit.mjs'), script);
      const first = await sandbox.run('node', ['emit.mjs'], dir);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ status: 'recorded', position: 1 });
      const again = await sandbox.run('node', ['emit.mjs'], dir);
      expect(JSON.parse(again.stdout), again.stderr).toMatchObject({ status: 'duplicate', position: 1 });
    });

    it('type-checks a TypeScript project against the published declarations, and refuses wrong content', async () => {
      const tools = [
        `typescript@${await versionOf('typescript')}`,
        `@types/node@${await versionOf('@types/node')}`,
      ];
      const dir = await project('ts-app', ['@shiplog/sdk', ...tools]);
      // No skipLibCheck: every published declaration file is checked (nats.js's use Symbol.asyncDispose).
      const lib = ['es2024', 'esnext.disposable'];
      const tsconfig = {
        compilerOptions: {
          module: 'nodenext',
          target: 'es2024',
          lib,
          types: ['node'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      const program = (eventContent: string): string =>
        [
          "import { buildEvent, SdkError } from '@shiplog/sdk';",
          `const event = ${deployed.replace('CONTENT', eventContent)};`,
          'const id: string = event.context.id;',
          "const code: 'EVENT_INVALID' | string = new SdkError('EVENT_INVALID', 'x').code;",
          'console.log(id, event.subject.content.environment.id, code);',
        ].join('\n');
      await writeFile(join(dir, 'main.ts'), program(content));
      await writeFile(join(dir, 'wrong.ts'), program("{ artifactId: 'pkg:npm/checkout@1.0.0' }"));
      // One compiler run for both: main.ts and the declarations it reaches check clean, wrong.ts does not.
      const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
      const checked = await sandbox.run('node', [tsc, '-p', '.'], dir);
      const errors = checked.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
      expect(errors.length, checked.stdout).toBeGreaterThan(0);
      expect(
        errors.filter((line) => !line.startsWith('wrong.ts(')),
        checked.stdout,
      ).toEqual([]);
      expect(checked.stdout).toMatch(/wrong\.ts\(\d+,\d+\): error TS\d+: .*'environment'/);
      const ran = await sandbox.run('node', ['main.ts'], dir);
      expect(ran.stdout, ran.stderr).toBe('install-test-deploy-1 production EVENT_INVALID\n');
    });
  });
}
