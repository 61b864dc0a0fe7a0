/**
 * A model source -> a GGUF file on disk. A path is checked (exists, is a GGUF) so that a typo gets a
 * sentence instead of a llama.cpp stack; a reference is downloaded once into the cache and reused after.
 * Next to each cached file, `<file>.sha256` records the checksum it was verified with, so a restart does
 * not re-hash hundreds of MB, and a changed expected checksum re-verifies the file (and replaces it when
 * it no longer matches).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { downloadFile } from './download-file.ts';
import { CONFIGURE_A_MODEL, LocalModelError, LocalModelErrorCode } from './errors.ts';
import { cachePathFor, parseModelReference } from './model-reference.ts';
import type { DownloadProgress, LocalModelSource } from './types.ts';

export interface ResolveModelOptions {
  /** Default `~/.cache/sitechat/models`. */
  cacheDir?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** See `downloadFile`. */
  retries?: number;
  retryDelayMs?: number;
}

export function defaultModelCacheDir(): string {
  return join(homedir(), '.cache', 'sitechat', 'models');
}

/** The file name a source will be known by, before anything is downloaded. */
export function modelSourceName(source: LocalModelSource): string {
  return 'path' in source ? (source.path.split(/[\\/]/).at(-1) ?? source.path) : parseModelReference(source.url).fileName;
}

export async function resolveModelFile(source: LocalModelSource, options: ResolveModelOptions = {}): Promise<string> {
  if ('path' in source) {
    await assertGguf(source.path);
    return source.path;
  }
  const reference = parseModelReference(source.url);
  const destination = cachePathFor(reference, options.cacheDir ?? defaultModelCacheDir());
  const expected = source.sha256?.toLowerCase();
  if (await isCachedAndValid(destination, expected)) return destination;

  const result = await downloadFile({
    url: reference.url,
    destination,
    ...(expected === undefined ? {} : { sha256: expected }),
    ...(source.sizeBytes === undefined ? {} : { sizeBytes: source.sizeBytes }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
  });
  await writeFile(`${destination}.sha256`, `${result.sha256}\n`);
  await assertGguf(destination);
  return destination;
}

async function isCachedAndValid(path: string, expected: string | undefined): Promise<boolean> {
  if (!(await exists(path))) return false;
  const recorded = await readFile(`${path}.sha256`, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  if (recorded !== undefined && (expected === undefined || recorded === expected)) return true;
  // No record (the file was put there by hand, or the record was lost) or another expected checksum:
  // hashing the file decides.
  const actual = await hashFile(path);
  if (expected !== undefined && actual !== expected) {
    await rm(path, { force: true });
    await rm(`${path}.sha256`, { force: true });
    return false;
  }
  await writeFile(`${path}.sha256`, `${actual}\n`);
  return true;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads the four magic bytes; llama.cpp's own message for a wrong file is far less helpful. */
async function assertGguf(path: string): Promise<void> {
  let magic: string;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(4);
      await handle.read(buffer, 0, 4, 0);
      magic = buffer.toString('latin1');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : String(error);
    throw new LocalModelError(
      LocalModelErrorCode.Unavailable,
      `The local model file ${path} cannot be used: ${reason}.\n${CONFIGURE_A_MODEL}`,
      { cause: error },
    );
  }
  if (magic !== 'GGUF') {
    throw new LocalModelError(
      LocalModelErrorCode.Unavailable,
      `${path} is not a GGUF model file (it does not start with "GGUF"). Sitechat runs GGUF models, the format ` +
        'llama.cpp uses; most models on Hugging Face have a "-GGUF" variant.',
    );
  }
}
