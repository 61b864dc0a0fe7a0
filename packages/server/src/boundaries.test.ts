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
const NODE_ONLY = new Set(['node.ts', 'cli.ts', 'static.ts', 'config/load.ts']);

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
    for (const file of files.filter((name) => !NODE_ONLY.has(name))) {
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

  it('never imports the widget', () => {
    for (const file of files) expect(imports(file).filter((specifier) => specifier.startsWith('@sitechat/widget')), file).toEqual([]);
  });
});
