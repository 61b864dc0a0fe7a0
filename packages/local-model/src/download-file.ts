/**
 * Downloads a large file once, on `fetch` and web streams, written for model files of hundreds of MB on
 * flaky connections:
 * - bytes go to `<file>.part`; a later attempt (in this call after a cut, or the next run) asks for the
 *   rest with `Range: bytes=<have>-`, and a server that ignores Range (200 instead of 206) is handled by
 *   starting over rather than appending the whole file to the part;
 * - the SHA-256 is computed while writing (the resumed part is hashed first), and a mismatch deletes the
 *   part and refuses the file, so a corrupt or substituted model never reaches the cache;
 * - only a verified file is renamed into place, so the final path existing means "complete".
 * No library: undici's fetch already follows redirects (Hugging Face answers with one to its CDN) and
 * streams; what a library would add here (resume, checksum) is the part we need to control.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CONFIGURE_A_MODEL, LocalModelError, LocalModelErrorCode } from './errors.ts';
import type { DownloadProgress } from './types.ts';

export interface DownloadOptions {
  url: string;
  destination: string;
  /** Expected SHA-256 (hex, any case). */
  sha256?: string;
  /** Expected size; a server announcing another size is refused before any byte is written. */
  sizeBytes?: number;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Further attempts after the server answered but the transfer failed (cut, 5xx). Default 3. */
  retries?: number;
  /** Wait before the first retry, doubled for each next one. Default 1000 ms. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export interface DownloadResult {
  path: string;
  sizeBytes: number;
  sha256: string;
}

export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  await mkdir(dirname(options.destination), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptDownload(options);
    } catch (error) {
      const retryable = error instanceof LocalModelError && error.code === LocalModelErrorCode.DownloadFailed;
      if (!retryable || attempt >= retries || options.signal?.aborted) throw error;
      await delay(retryDelayMs * 2 ** attempt, options.signal);
    }
  }
}

async function attemptDownload(options: DownloadOptions): Promise<DownloadResult> {
  const partPath = `${options.destination}.part`;
  const fetchImplementation = options.fetch ?? fetch;
  let offset = await fileSize(partPath);
  let hash = offset > 0 ? await hashFile(partPath) : createHash('sha256');

  let response: Response;
  try {
    response = await fetchImplementation(options.url, {
      // identity: a compressed answer would make Content-Length and Range count other bytes than the file's.
      headers: { 'accept-encoding': 'identity', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
      redirect: 'follow',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw unreachable(options.url, error, offset);
  }

  let totalBytes: number | undefined;
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (range?.start !== offset) {
      // Not the bytes we asked for: the part cannot be trusted to line up, so start again.
      await response.body?.cancel();
      await rm(partPath, { force: true });
      throw failed(`${options.url} answered a range other than the one asked for; starting over`);
    }
    totalBytes = range.total;
  } else if (response.status === 416 && offset > 0) {
    // "Range not satisfiable": the part already holds the whole file, or more than the file now has.
    await response.body?.cancel();
    const total = parseContentRange(response.headers.get('content-range'))?.total;
    if (total !== offset) {
      await rm(partPath, { force: true });
      throw failed(`${options.url} no longer matches the partial download; starting over`);
    }
    totalBytes = total;
  } else if (response.ok) {
    // A full answer (200): the server ignored Range, or there was nothing to resume.
    if (offset > 0) {
      offset = 0;
      hash = createHash('sha256');
    }
    const length = Number(response.headers.get('content-length'));
    totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
  } else {
    await response.body?.cancel();
    throw httpFailure(options.url, response.status);
  }

  if (options.sizeBytes !== undefined && totalBytes !== undefined && totalBytes !== options.sizeBytes) {
    await response.body?.cancel();
    throw new LocalModelError(
      LocalModelErrorCode.ChecksumMismatch,
      `${options.url} is ${totalBytes} bytes, but the expected model is ${options.sizeBytes} bytes; refusing it.`,
    );
  }

  const received = await writeBody(response, partPath, offset, hash, (receivedBytes) =>
    options.onProgress?.({ receivedBytes, totalBytes, resumedFromBytes: offset }),
  ).catch((error: unknown) => {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error instanceof LocalModelError ? error : failed(`the connection to ${options.url} broke (${describe(error)})`, error);
  });
  if (totalBytes !== undefined && received < totalBytes) {
    throw failed(`the download of ${options.url} ended at ${received} of ${totalBytes} bytes`);
  }

  const sha256 = hash.digest('hex');
  if (options.sha256 !== undefined && sha256 !== options.sha256.toLowerCase()) {
    await rm(partPath, { force: true });
    throw new LocalModelError(
      LocalModelErrorCode.ChecksumMismatch,
      `The file downloaded from ${options.url} has SHA-256 ${sha256}, not the expected ${options.sha256.toLowerCase()}. ` +
        'It was deleted and not used. If the model was updated on purpose, update the expected checksum.',
    );
  }
  await rename(partPath, options.destination);
  return { path: options.destination, sizeBytes: received, sha256 };
}

/** Appends the body at `offset`, hashing as it goes; returns the file's size afterwards. */
async function writeBody(response: Response, partPath: string, offset: number, hash: Hash, onBytes: (bytes: number) => void) {
  const file = await open(partPath, offset > 0 ? 'a' : 'w');
  let size = offset;
  try {
    if (!response.body) return size;
    for await (const chunk of response.body) {
      await file.write(chunk);
      hash.update(chunk);
      size += chunk.byteLength;
      onBytes(size);
    }
    return size;
  } finally {
    await file.close();
  }
}

async function hashFile(path: string): Promise<Hash> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

// `bytes 100-199/1000`, or `bytes */1000` (a 416 answer).
function parseContentRange(header: string | null): { start: number | undefined; total: number | undefined } | undefined {
  const match = header ? /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  return {
    start: match[1] === undefined ? undefined : Number(match[1]),
    total: match[2] === undefined || match[2] === '*' ? undefined : Number(match[2]),
  };
}

function failed(message: string, cause?: unknown): LocalModelError {
  return new LocalModelError(LocalModelErrorCode.DownloadFailed, `${message}. Running again resumes the download.`, {
    cause,
    retryable: true,
  });
}

function httpFailure(url: string, status: number): LocalModelError {
  if (status === 408 || status === 429 || status >= 500) return failed(`${url} answered HTTP ${status}`);
  const hint = status === 401 || status === 403 ? ' (the file may be private or gated)' : status === 404 ? ' (no such file)' : '';
  return new LocalModelError(LocalModelErrorCode.Unavailable, `Could not download the local model: ${url} answered HTTP ${status}${hint}.\n${CONFIGURE_A_MODEL}`);
}

/** No connection at all: most often a machine without internet access. */
function unreachable(url: string, error: unknown, partBytes: number): LocalModelError {
  const kept = partBytes > 0 ? ` ${partBytes} bytes from an earlier attempt are kept and the download resumes next time.` : '';
  return new LocalModelError(
    LocalModelErrorCode.Unavailable,
    `Could not download the local model from ${url}: ${describe(error)}. ` +
      `This machine may have no internet access, or the host is unreachable.${kept}\n` +
      `Download the file elsewhere and point SITECHAT_MODEL_PATH at it, or use another model.\n${CONFIGURE_A_MODEL}`,
    { cause: error },
  );
}

/** undici hides the useful part (ENOTFOUND, ECONNREFUSED) in `cause`. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function delay(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
