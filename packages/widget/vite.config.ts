import { defineConfig, type UserConfig } from 'vite';

/**
 * Two builds into one `dist/`, run one after the other by `pnpm build`:
 *
 * - default mode: the npm package. ES modules mirroring `src/` (`index.js`, `define.js`, ...), unminified, with
 *   `lit` and `@sitechat/protocol` left as imports so that an app's bundler shares one copy of each.
 * - `--mode standalone`: `sitechat.js`, the one file for a `<script>` tag. Everything, Lit included, in one
 *   minified IIFE. An IIFE runs the same as a classic script and as `<script type="module">`.
 */
const library: UserConfig = {
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^@sitechat\/protocol$/],
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        // The compiler's decorator helper is a virtual module with a long versioned path; give it a plain one.
        entryFileNames: (chunk) => (chunk.name.includes('/helpers/') ? `internal/${chunk.name.split('/').pop()}.js` : '[name].js'),
      },
    },
  },
};

const standalone: UserConfig = {
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/sitechat.ts',
      formats: ['iife'],
      name: 'Sitechat',
      fileName: () => 'sitechat.js',
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'standalone' ? standalone : library));
