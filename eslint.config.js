// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// `events` <- `packages/*` <- `services/*`: services import packages, never each other, and
// packages and the contract never import a service (README: Development).
const services = readdirSync(new URL('services', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const importsOf = (names, message) =>
  names.flatMap((name) => [
    { group: [`@shiplog/${name}`, `@shiplog/${name}/**`], message },
    { regex: `^(\\.\\./)+(services/)?${name}(/|$)`, message },
  ]);
// The CLI is the one process entry point: it launches the API and the workers (`shiplog serve`,
// `shiplog dev`), so it may import their front doors (index.ts), and nothing deeper.
const launched = (service) => (service === 'cli' ? services.filter((name) => name !== 'cli') : []);
const layerRules = [
  ...services.map((service) => ({
    files: [`services/${service}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...importsOf(
              services.filter((name) => name !== service && !launched(service).includes(name)),
              `services import packages, never another service: move what ${service} needs into a package`,
            ),
            ...launched(service).map((name) => ({
              group: [`@shiplog/${name}/**`],
              message: `the CLI launches ${name} through its front door (@shiplog/${name}), no deeper`,
            })),
          ],
        },
      ],
    },
  })),
  {
    files: ['packages/**/*.ts', 'events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: importsOf(
            services,
            'a package never imports a service: the dependency goes the other way',
          ),
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tools/**', '.shiplog/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts', '*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A switch over a union names every member; a `default:` does not stand in for a missing case.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  ...layerRules,
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
