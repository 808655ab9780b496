import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vitest/config'

/** Unit tests only: pure TypeScript in node. Browser journeys live in e2e/ and run under Playwright. */
export default defineConfig({
  resolve: {
    alias: { '@': fileURLToPath(new URL('.', import.meta.url)) },
  },
  test: {
    environment: 'node',
    include: ['lib/**/*.test.ts', 'hooks/**/*.test.ts', 'scripts/**/*.test.ts', 'services/**/*.test.ts', 'indexer/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'contracts/**'],
  },
})
