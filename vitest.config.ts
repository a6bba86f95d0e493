import { defineConfig } from 'vitest/config';

// graphql 17 ships a `development` build; load one graphql for our files and dependencies alike,
// or its scalars and types come from two module realms. No `import` here: Vitest hands these to Node
// as --conditions, and `import` would make a package's require() load its ES build (pg → pg-pool).
const conditions = ['module-sync', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['module-sync', 'node'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
