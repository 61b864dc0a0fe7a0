import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePdf } from '../__fixtures__/make-pdf.js';
import type { ExtractedDocument } from '../types.js';
import { folderSource, type FolderSourceOptions } from './folder-source.js';

async function collect(options: FolderSourceOptions, skip: string[] = []): Promise<{ documents: ExtractedDocument[]; total?: number }> {
  const documents: ExtractedDocument[] = [];
  let total: number | undefined;
  for await (const item of folderSource(options).items({ skip: new Set(skip), reportTotal: (value) => void (total = value) })) {
    if (item.kind === 'document') documents.push(item.document);
  }
  return { documents, ...(total === undefined ? {} : { total }) };
}

describe('folderSource', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sitechat-folder-'));
    await mkdir(join(folder, 'guides', 'deep dive'), { recursive: true });
    await mkdir(join(folder, '.git'));
    await mkdir(join(folder, 'node_modules'));
    await writeFile(join(folder, 'guides', 'deep dive', 'brewing-guide.md'), 'No heading here.');
    await writeFile(join(folder, 'guides', 'warranty.pdf'), makePdf(['Warranty', 'Two years on machines.']));
    await writeFile(join(folder, '.git', 'notes.md'), '# hidden');
    await writeFile(join(folder, 'node_modules', 'readme.md'), '# dependency');
    await writeFile(join(folder, 'photo.jpg'), 'binary');
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('reads Markdown and PDF files recursively, leaving out hidden folders, node_modules and unknown types', async () => {
    const { documents, total } = await collect({ path: folder });
    expect(total).toBe(2);
    expect(documents.map((document) => [document.url, document.title])).toEqual([
      ['guides/deep dive/brewing-guide.md', 'brewing guide'],
      ['guides/warranty.pdf', 'Warranty'],
    ]);
    expect(documents[1]!.blocks[0]).toEqual({ kind: 'text', text: 'Two years on machines.' });
  });

  it('builds URLs from a base URL or a custom mapping, and skips what a resumed run already has', async () => {
    const withBase = await collect({ path: folder, baseUrl: 'https://example.com/help' });
    expect(withBase.documents.map((document) => document.url)).toEqual(['https://example.com/help/guides/deep%20dive/brewing-guide.md', 'https://example.com/help/guides/warranty.pdf']);
    const mapped = await collect({ path: folder, urlFor: (path) => `/docs/${path.replace(/\.\w+$/, '')}`, include: (path) => path.endsWith('.md') }, []);
    expect(mapped.documents.map((document) => document.url)).toEqual(['/docs/guides/deep dive/brewing-guide']);
    const resumed = await collect({ path: folder }, ['guides/warranty.pdf']);
    expect(resumed.documents.map((document) => document.url)).toEqual(['guides/deep dive/brewing-guide.md']);
  });
});
