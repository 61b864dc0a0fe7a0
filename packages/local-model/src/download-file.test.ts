import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile } from './download-file.ts';
import { isLocalModelError } from './errors.ts';
import { closedPort, startFileServer, type FileServer } from './test/file-server.ts';
import type { DownloadProgress } from './types.ts';

const body = randomBytes(3 * 1024 * 1024 + 17); // several stream chunks, and not a round number
const sha256 = createHash('sha256').update(body).digest('hex');

let folder: string;
let destination: string;
let server: FileServer | undefined;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sitechat-download-'));
  destination = join(folder, 'nested', 'model.gguf');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(folder, { recursive: true, force: true });
});

const exists = (path: string) => stat(path).then(() => true, () => false);

describe('downloadFile', () => {
  it('downloads the whole file, reporting progress, and verifies it', async () => {
    server = await startFileServer({ body });
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({ url: server.url(), destination, sha256, onProgress: (update) => progress.push(update) });

    expect(result).toEqual({ path: destination, sizeBytes: body.length, sha256 });
    expect((await readFile(destination)).equals(body)).toBe(true);
    expect(await exists(`${destination}.part`)).toBe(false);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ receivedBytes: body.length, totalBytes: body.length, resumedFromBytes: 0 });
    const received = progress.map((update) => update.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
  });

  it('resumes a cut download with a Range request on the next attempt', async () => {
    server = await startFileServer({ body, cutResponses: 1 });
    const firstTry = await downloadFile({ url: server.url(), destination, sha256, retries: 0 }).catch((error: unknown) => error);
    expect(isLocalModelError(firstTry, 'model_download_failed')).toBe(true);
    expect((firstTry as { retryable: boolean }).retryable).toBe(true);
    const kept = (await stat(`${destination}.part`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(body.length);

    const progress: DownloadProgress[] = [];
    await downloadFile({ url: server.url(), destination, sha256, onProgress: (update) => progress.push(update) });
    expect(server.ranges).toEqual([undefined, `bytes=${kept}-`]);
    expect(progress[0]!.resumedFromBytes).toBe(kept);
    expect((await readFile(destination)).equals(body)).toBe(true);
  });

  it('retries a cut by itself, resuming where it stopped', async () => {
    server = await startFileServer({ body, cutResponses: 2 });
    await downloadFile({ url: server.url(), destination, sha256, retryDelayMs: 5 });
    expect(server.ranges).toHaveLength(3);
    expect(server.ranges[1]).toMatch(/^bytes=\d+-$/);
    expect((await readFile(destination)).equals(body)).toBe(true);
  });

  it('starts over when the server ignores Range and sends the whole file (200)', async () => {
    server = await startFileServer({ body, ignoreRange: true });
    // A part from an earlier attempt: appending a 200 body to it would corrupt the model.
    await mkdir(join(folder, 'nested'), { recursive: true });
    await writeFile(`${destination}.part`, body.subarray(0, 1000));
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({ url: server.url(), destination, sha256, onProgress: (update) => progress.push(update) });
    expect(server.ranges).toEqual(['bytes=1000-']);
    expect(progress[0]!.resumedFromBytes).toBe(0);
    expect(result.sizeBytes).toBe(body.length);
    expect((await readFile(destination)).equals(body)).toBe(true);
  });

  it('refuses and deletes a file whose checksum does not match', async () => {
    server = await startFileServer({ body });
    const error = await downloadFile({ url: server.url(), destination, sha256: 'ab'.repeat(32) }).catch((caught: unknown) => caught);
    expect(isLocalModelError(error, 'model_checksum_mismatch')).toBe(true);
    expect((error as Error).message).toContain(sha256);
    expect(await exists(destination)).toBe(false);
    expect(await exists(`${destination}.part`)).toBe(false);
  });

  it('refuses a file of the wrong size before downloading it', async () => {
    server = await startFileServer({ body });
    const error = await downloadFile({ url: server.url(), destination, sizeBytes: 42 }).catch((caught: unknown) => caught);
    expect(isLocalModelError(error, 'model_checksum_mismatch')).toBe(true);
    expect(await exists(`${destination}.part`)).toBe(false);
  });

  it('finishes a part that already holds the whole file (416) without downloading again', async () => {
    server = await startFileServer({ body });
    await downloadFile({ url: server.url(), destination: join(folder, 'nested', 'first.gguf') });
    await writeFile(`${destination}.part`, body);
    await downloadFile({ url: server.url(), destination, sha256 });
    expect(server.ranges.at(-1)).toBe(`bytes=${body.length}-`);
    expect((await readFile(destination)).equals(body)).toBe(true);
  });

  it('retries server errors, and gives a clear error for a missing file', async () => {
    server = await startFileServer({ body, failFirst: 2 });
    await downloadFile({ url: server.url(), destination, sha256, retryDelayMs: 5 });
    expect(server.ranges).toHaveLength(3);

    const missing = await downloadFile({ url: server.url('/missing'), destination: join(folder, 'x.gguf') }).catch((caught: unknown) => caught);
    expect(isLocalModelError(missing, 'model_unavailable')).toBe(true);
    expect((missing as Error).message).toMatch(/HTTP 404 \(no such file\)/);
  });

  it('says when there is no network, and lists the three ways to configure a model', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/model.gguf`;
    const error = await downloadFile({ url, destination }).catch((caught: unknown) => caught);
    expect(isLocalModelError(error, 'model_unavailable')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('no internet access');
    expect(message).toMatch(/OPENAI_API_KEY[\s\S]*OPENAI_BASE_URL[\s\S]*SITECHAT_MODEL_PATH/);
  });

  it('stops on abort and keeps the part for later', async () => {
    server = await startFileServer({ body });
    const controller = new AbortController();
    const error = await downloadFile({
      url: server.url(),
      destination,
      signal: controller.signal,
      onProgress: (update) => {
        if (update.receivedBytes > 0) controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(await exists(destination)).toBe(false);
    expect((await stat(`${destination}.part`)).size).toBeGreaterThan(0);
  });
});
