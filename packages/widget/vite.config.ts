import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { collapseTemplates } from './build/collapse-templates.js';

/**
 * Three builds into one `dist/`, run one after the other by `pnpm build`:
 *
 * - default mode: the npm package. ES modules mirroring `src/` (`index.js`, `define.js`, ...), unminified, with
 *   `lit` and `@sitechat/protocol` left as imports so that an app's bundler shares one copy of each. The
 *   locales and the highlighter stay separate modules behind `import()` (`lazy.ts`), for the app's bundler
 *   to split.
 * - `--mode standalone`: `sitechat.js`, the one file for a `<script>` tag. Everything a visitor needs, Lit
 *   included, in one minified IIFE. An IIFE runs the same as a classic script and as `<script type="module">`.
 *   `lazy.ts` is swapped for `lazy.standalone.ts`, which imports the code a visitor may never need by URL.
 * - `--mode chunks`: that code, as standalone ES modules in `dist/chunks/` (`locale-de.js`, ...,
 *   `markdown.js`, `highlight.js`), minified, importing nothing.
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

/** In the one-file build, `./lazy.js` is `./lazy.standalone.ts`. */
function standaloneLazy(): Plugin {
  const replacement = fileURLToPath(new URL('./src/lazy.standalone.ts', import.meta.url));
  return {
    name: 'sitechat-standalone-lazy',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && !importer.endsWith('lazy.standalone.ts') && /(^|\/)lazy\.js$/.test(source)) return replacement;
      return undefined;
    },
  };
}

/** See `build/collapse-templates.ts`. */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'sitechat-collapse-template-whitespace',
    transform(code, id) {
      if (!id.includes('/src/') || !id.endsWith('.ts')) return undefined;
      return { code: collapseTemplates(code), map: null };
    },
  };
}

/**
 * Minify the CSS of `*.styles.ts` (the `css` and `unsafeCSS` template literals) with esbuild. An interpolation
 * sits where a declaration would, so it travels through the minifier as a custom property and comes back.
 */
function minifyStyles(): Plugin {
  return {
    name: 'sitechat-minify-styles',
    async transform(code, id) {
      if (!id.endsWith('.styles.ts')) return undefined;
      const literals = [...code.matchAll(/(css|unsafeCSS\()`([^`]*)`/g)];
      let result = code;
      for (const [whole, tag, body] of literals.reverse()) {
        const expressions: string[] = [];
        const input = body!.replace(/\$\{([^}]*)\}/g, (_match, expression: string) => `--sitechat-slot-${expressions.push(expression) - 1}:0;`);
        // A list of declarations is not a stylesheet: wrap it in a rule for the minifier, and unwrap it after.
        const declarations = !input.includes('{');
        const { code: minified } = await transform(declarations ? `a{${input}}` : input, { loader: 'css', minify: true });
        // esbuild keeps custom property values as written; their spaces after `:` and `,` mean nothing here.
        let output = minified.trim().replace(/(--[\w-]+):\s+/g, '$1:').replace(/,\s+/g, ',');
        if (declarations) output = output.slice(2, -1);
        output = output.replace(/--sitechat-slot-(\d+):0;?/g, (_match, index: string) => `\${${expressions[Number(index)]}}`);
        result = result.replace(whole, `${tag}\`${output}\``);
      }
      return { code: result, map: null };
    },
  };
}

const standalone: UserConfig = {
  plugins: [standaloneLazy(), minifyStyles(), collapseTemplateWhitespace()],
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

const chunks: UserConfig = {
  build: {
    outDir: 'dist/chunks',
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    lib: {
      entry: {
        'locale-de': 'src/i18n/locales/de.ts',
        'locale-es': 'src/i18n/locales/es.ts',
        'locale-ja': 'src/i18n/locales/ja.ts',
        'locale-ar': 'src/i18n/locales/ar.ts',
        markdown: 'src/markdown/markdown-view.ts',
        highlight: 'src/markdown/highlight.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'standalone' ? standalone : mode === 'chunks' ? chunks : library));
