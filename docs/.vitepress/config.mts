import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';

// Written by TypeDoc (pnpm docs:api) before every build.
const apiSidebarFile = fileURLToPath(new URL('../api/typedoc-sidebar.json', import.meta.url));
const apiSidebar = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : [];

export default defineConfig({
  title: 'multi-tier-cache',
  description:
    'A hybrid cache for Node.js: in-process L1 in front of Redis or Memcached, one computation per key, cross-instance invalidation.',
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/guide/': [
        {
          text: 'Guide',
          items: [
            { text: 'Getting started', link: '/guide/getting-started' },
            { text: 'Concepts', link: '/guide/concepts' },
            { text: 'Invalidation', link: '/guide/invalidation' },
            { text: 'Serving through failure', link: '/guide/serving-through-failure' },
            { text: 'Tags and namespaces', link: '/guide/tags-and-namespaces' },
            { text: 'Consistency across instances', link: '/guide/consistency' },
            { text: 'Streams', link: '/guide/streams' },
            { text: 'Typed values', link: '/guide/typed' },
            { text: 'Writing a backend', link: '/guide/writing-a-backend' },
          ],
        },
        {
          text: 'Migrating',
          items: [
            { text: 'From bentocache', link: '/guide/migrate-from-bentocache' },
            { text: 'From cache-manager', link: '/guide/migrate-from-cache-manager' },
          ],
        },
      ],
      '/api/': [{ text: 'API reference', link: '/api/', items: apiSidebar }],
    },
    search: { provider: 'local' },
    socialLinks: [
      { icon: 'github', link: 'https://github.com/multi-tier-cache/multi-tier-cache-ts' },
    ],
  },
});
