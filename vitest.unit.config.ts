import { defineConfig } from 'vitest/config';

/** `npm run test:unit`: the tests of pure modules (`*.unit.test.ts`), no database, no browser. */
export default defineConfig({
  test: {
    include: ['src/**/*.unit.test.ts', 'src/**/*.unit.test.tsx'],
    testTimeout: 30_000,
  },
});
