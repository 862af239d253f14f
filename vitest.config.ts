import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Workspace packages resolve to their TypeScript sources, so tests never need a build first. */
const alias = [
  ...readdirSync(`${root}packages`).map((dir) => ({
    find: new RegExp(`^${dir === 'multi-tier-cache' ? '' : '@multi-tier-cache/'}${dir}$`),
    replacement: `${root}packages/${dir}/src/index.ts`,
  })),
  {
    find: /^@multi-tier-cache\/test-servers$/,
    replacement: `${root}tools/test-servers/src/index.ts`,
  },
  // Subpath entry points: @multi-tier-cache/typed/msgpack → packages/typed/src/msgpack.ts.
  { find: /^@multi-tier-cache\/([^/]+)\/(.+)$/, replacement: `${root}packages/$1/src/$2.ts` },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'tools/*/test/**/*.test.ts',
    ],
    globalSetup: ['tools/test-servers/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      tsconfig: './tsconfig.json',
      include: ['packages/*/src/**/*.test-d.ts', 'packages/*/test/**/*.test-d.ts'],
    },
  },
});
