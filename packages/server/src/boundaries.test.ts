/**
 * The dependency rules of DESIGN.md, checked on the source: the app uses web standards only (node:* and
 * process.env only in runtime entry points and the config loader), only provider code knows the OpenAI SDK,
 * and the server never imports the widget's code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const NODE_ONLY = new Set([
  'node.ts',
  // The Node entry's writer of streamed answers (chat/answer-sink.ts).
  'node-answer.ts',
  // The Node options `sitechat start` restarts itself with (decision 0015).
  'node-options.ts',
  'cli.ts',
  'static.ts',
  'config/load.ts',
  'doctor/command.ts',
  'knowledge/open-knowledge.ts',
  'knowledge/knowledge-grounding.ts',
  'knowledge/configured-sources.ts',
  'providers/local-start.ts',
  'providers/local-report.ts',
  // The Node entry's model transport (node:http, decision 0012) and its log-line writer for stdout.
  'providers/node-transport.ts',
  'ops/access-log/stdout-lines.ts',
]);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const files = sourceFiles(root);
const imports = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1]!);

describe('module boundaries', () => {
  it('finds the sources', () => {
    expect(files).toContain('app.ts');
    expect(files).toContain('providers/openai.ts');
  });

  it('keeps node:* and process out of the web-standard app', () => {
    // cli/: the `sitechat` subcommands and their Node-only helpers.
    for (const file of files.filter((name) => !NODE_ONLY.has(name) && !name.startsWith('cli/'))) {
      // Examples in comments may show process.env; code may not.
      const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
      expect(imports(file).filter((specifier) => specifier.startsWith('node:') || specifier.startsWith('@hono/node-server')), file).toEqual([]);
      expect(text, file).not.toMatch(/\bprocess\.|\bBuffer\b/);
    }
  });

  it('lets only provider code import the OpenAI SDK', () => {
    for (const file of files.filter((name) => !name.startsWith('providers/'))) {
      expect(imports(file).filter((specifier) => specifier === 'openai' || specifier.startsWith('openai/')), file).toEqual([]);
    }
  });

  it('lets only the Node entry reach ioredis (Workers have no TCP sockets)', () => {
    const allowed = new Set(['node.ts', 'limits/redis-store.ts']);
    for (const file of files.filter((name) => !allowed.has(name))) {
      expect(imports(file).filter((specifier) => specifier === 'ioredis' || specifier.endsWith('/redis-store.js')), file).toEqual([]);
    }
  });

  it('lets only Node-only files load @sitechat/knowledge (node:sqlite, node:fs, pg); types are fine anywhere', () => {
    for (const file of files.filter((name) => !NODE_ONLY.has(name) && !name.startsWith('cli/'))) {
      const text = readFileSync(join(root, file), 'utf8');
      const loads = [...text.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s*'(@sitechat\/knowledge[^']*)'|import\(\s*'(@sitechat\/knowledge[^']*)'/gms)];
      expect(loads.map((match) => match[1] ?? match[2]), file).toEqual([]);
    }
  });

  it('lets only Node-only files load @sitechat/local-model (node-llama-cpp, node:fs); types are fine anywhere', () => {
    for (const file of files.filter((name) => !NODE_ONLY.has(name) && !name.startsWith('cli/'))) {
      // Examples in comments may show the dynamic import; code may not.
      const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
      const loads = [...text.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s*'(@sitechat\/local-model[^']*)'|import\(\s*'(@sitechat\/local-model[^']*)'/gms)];
      expect(loads.map((match) => match[1] ?? match[2]), file).toEqual([]);
    }
    // And the web-standard app never reaches the files that do.
    for (const file of files.filter((name) => !NODE_ONLY.has(name) && !name.startsWith('cli/'))) {
      expect(imports(file).filter((specifier) => /\/local-(start|report)\.js$/.test(specifier)), file).toEqual([]);
    }
  });

  it('never imports the widget', () => {
    for (const file of files) expect(imports(file).filter((specifier) => specifier.startsWith('@sitechat/widget')), file).toEqual([]);
  });
});
