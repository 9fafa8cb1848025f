import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The repository's own ESLint configuration, run on code placed (in memory) where it would live;
// the type checker reads these paths, which are not on disk, with the default compiler options.
const root = fileURLToPath(new URL('../..', import.meta.url));
const probes = [
  'services/api/src/layerProbe.ts',
  'services/cli/src/layerProbe.ts',
  'services/workers/src/layerProbe.ts',
  'packages/ledger/src/layerProbe.ts',
  'events/src/layerProbe.ts',
  'packages/bus/src/switchProbe.ts',
];
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.ts', '*.js', ...probes] } },
    },
  },
});

async function problems(file: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const importRule = 'no-restricted-imports';

describe('services import packages, never each other', () => {
  it.each([
    [
      'services/api/src/layerProbe.ts',
      "import { runWorker } from '@shiplog/workers';\nexport const probe = runWorker;\n",
    ],
    [
      'services/api/src/layerProbe.ts',
      "import { main } from '../../cli/src/main.ts';\nexport const probe = main;\n",
    ],
    [
      'services/workers/src/layerProbe.ts',
      "import { runApi } from '@shiplog/api';\nexport const probe = runApi;\n",
    ],
    [
      'packages/ledger/src/layerProbe.ts',
      "import type { WorkerKind } from '@shiplog/workers';\nexport type Probe = WorkerKind;\n",
    ],
    ['events/src/layerProbe.ts', "import { runApi } from '@shiplog/api';\nexport const probe = runApi;\n"],
  ])('refuses %s importing a service: %j', async (file, code) => {
    const found = await problems(file, code);
    expect(found.filter((p) => p.rule === importRule)).toHaveLength(1);
  });

  it('lets the CLI launch the API and the workers through their front doors, and no deeper', async () => {
    const front =
      "import { runApi } from '@shiplog/api';\nimport { runWorker } from '@shiplog/workers';\nexport const probe = [runApi, runWorker];\n";
    expect(await problems('services/cli/src/layerProbe.ts', front)).toEqual([]);
    const deep = "import { runApi } from '@shiplog/api/src/runApi.ts';\nexport const probe = runApi;\n";
    const found = await problems('services/cli/src/layerProbe.ts', deep);
    expect(found.filter((p) => p.rule === importRule)).toHaveLength(1);
  });

  it('lets a service import packages', async () => {
    const code =
      "import { parseShiplogConfig } from '@shiplog/config';\nimport { openStore } from '@shiplog/store';\nexport const probe = [parseShiplogConfig, openStore];\n";
    expect(await problems('services/api/src/layerProbe.ts', code)).toEqual([]);
  });
});

describe('a switch over a union names every member', () => {
  const switchOn = (cases: string) =>
    `export function probe(kind: 'build' | 'sbom' | 'sign'): number {\n  switch (kind) {\n${cases}  }\n}\n`;

  it('refuses a missing case even behind a default', async () => {
    const code = switchOn(
      "    case 'build':\n      return 1;\n    case 'sbom':\n      return 2;\n    default:\n      return 0;\n",
    );
    const found = await problems('packages/bus/src/switchProbe.ts', code);
    expect(found.map((p) => p.rule)).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
    expect(found[0]?.message).toContain('"sign"');
  });

  it('takes a switch that names them all', async () => {
    const code = switchOn(
      "    case 'build':\n      return 1;\n    case 'sbom':\n      return 2;\n    case 'sign':\n      return 3;\n",
    );
    expect(await problems('packages/bus/src/switchProbe.ts', code)).toEqual([]);
  });
});
