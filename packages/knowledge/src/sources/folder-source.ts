import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { extractDocument, formatFromPath } from '../extract/extract-document.js';
import type { KnowledgeSource, SourceItem } from './knowledge-source.js';

export interface FolderSourceOptions {
  /** Source name in the index. Default 'files'. */
  name?: string;
  /** Folder to read, recursively. Hidden files and folders and node_modules are left out. */
  path: string;
  /**
   * Public address of the folder, e.g. 'https://example.com/help/': a file's URL is this plus its
   * relative path. Without it the URL is the relative path itself (`shipping/rates.md`).
   */
  baseUrl?: string;
  /** Custom mapping from a relative POSIX path to the URL shown to visitors (wins over baseUrl). */
  urlFor?: (relativePath: string) => string;
  /** Keep only the files this returns true for (relative POSIX path). */
  include?: (relativePath: string) => boolean;
}

/**
 * Markdown, HTML, plain-text and PDF files in a local folder.
 *
 * @example
 * folderSource({ name: 'help', path: './content/help', baseUrl: 'https://example.com/help/' })
 */
export function folderSource(options: FolderSourceOptions): KnowledgeSource {
  const name = options.name ?? 'files';
  const baseUrl = options.baseUrl && !options.baseUrl.endsWith('/') ? `${options.baseUrl}/` : options.baseUrl;
  const urlFor =
    options.urlFor ?? ((relativePath: string) => (baseUrl ? new URL(encodeURI(relativePath), baseUrl).href : relativePath));
  return {
    name,
    async *items(context): AsyncGenerator<SourceItem> {
      const files = (await listFiles(options.path)).filter((file) => options.include?.(file) ?? true);
      context.reportTotal(files.length);
      for (const file of files) {
        context.signal?.throwIfAborted();
        const url = urlFor(file);
        if (context.skip.has(url)) continue;
        const format = formatFromPath(file)!;
        try {
          const data = await readFile(join(options.path, file));
          const fallbackTitle = basename(file).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
          yield { kind: 'document', document: await extractDocument(data, format, { url, fallbackTitle }) };
        } catch (error) {
          yield { kind: 'unavailable', url, reason: error instanceof Error ? error.message : String(error) };
        }
      }
    },
  };
}

/** Relative POSIX paths of the readable files under `root`, sorted so runs are repeatable. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && formatFromPath(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
}
