/**
 * Model references -> a download URL and a place in the cache. Accepted:
 * - `hf:<owner>/<repo>/<path/to/file>.gguf`, optionally `hf:<owner>/<repo>@<revision>/<file>.gguf`
 *   (a branch, tag or commit; pinning a commit keeps the file from changing under a checksum);
 * - a plain `https://` URL (or `http://`, for a mirror on the local network).
 * The cache path mirrors the URL's host and path, so two repositories with the same file name never
 * share a cache entry.
 */
import { join } from 'node:path';

export interface ModelReference {
  /** What the owner wrote. */
  reference: string;
  url: string;
  /** The file name, for logs and as the provider's model name. */
  fileName: string;
  /** Path segments under the cache folder. */
  cacheSegments: string[];
}

const HF_PATTERN = /^hf:([\w.-]+)\/([\w.-]+)(?:@([\w./-]+?))?\/(.+)$/;

export function parseModelReference(reference: string): ModelReference {
  const trimmed = reference.trim();
  const huggingFace = HF_PATTERN.exec(trimmed);
  if (huggingFace) {
    const [, owner, repository, revision = 'main', filePath] = huggingFace as unknown as [string, string, string, string | undefined, string];
    const encodedPath = filePath.split('/').map(encodeURIComponent).join('/');
    const url = `https://huggingface.co/${owner}/${repository}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
    return fromUrl(trimmed, new URL(url));
  }
  if (trimmed.startsWith('hf:')) {
    throw new TypeError(`Model reference "${reference}" is not of the form hf:<owner>/<repo>/<file>.gguf`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TypeError(`Model reference "${reference}" is neither hf:<owner>/<repo>/<file>.gguf nor an https:// URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Model reference "${reference}" must be an https:// URL (got ${url.protocol})`);
  }
  return fromUrl(trimmed, url);
}

/** Where a reference lives under a cache folder. */
export function cachePathFor(reference: ModelReference, cacheDir: string): string {
  return join(cacheDir, ...reference.cacheSegments);
}

function fromUrl(reference: string, url: URL): ModelReference {
  const pathSegments = url.pathname.split('/').filter(Boolean).map(decodeURIComponentSafely);
  const fileName = pathSegments.at(-1);
  if (!fileName) throw new TypeError(`Model reference "${reference}" names no file`);
  const host = url.port ? `${url.hostname}_${url.port}` : url.hostname;
  return { reference, url: url.href, fileName: safeSegment(fileName), cacheSegments: [host, ...pathSegments].map(safeSegment) };
}

/** Keeps a cache path inside the cache: no separators, no `..`, nothing a file system dislikes. */
function safeSegment(segment: string): string {
  const cleaned = segment.replace(/[^\w.@+-]/g, '_');
  return cleaned === '.' || cleaned === '..' || cleaned === '' ? '_' : cleaned;
}

function decodeURIComponentSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
