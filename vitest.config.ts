import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (*.unit.spec.ts), integration tests too (*.int.spec.ts),
// end-to-end scenarios in test/ (*.e2e.spec.ts).
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.unit.spec.ts'], exclude: ['**/node_modules/**', '**/dist/**'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.spec.ts', 'test/**/*.e2e.spec.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
