import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-main/**/*.spec.ts',
      'src-shared/**/*.spec.ts',
      'src-renderer/src/**/*.spec.ts',
      'scripts/**/*.spec.ts',
      'bench/**/*.spec.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test-support/global-setup.ts'],
  },
});
