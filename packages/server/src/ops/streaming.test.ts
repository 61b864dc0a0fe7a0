/**
 * Streaming that survives real networks: the stream's headers forbid buffering and compression, even a
 * compression middleware configured to compress everything leaves it alone, and heartbeats default to 15 s.
 */
import { HEARTBEAT_INTERVAL_MS } from '@sitechat/protocol';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, type Harness, message, postChat, readAllChunks, startHarness } from '../__fixtures__/harness.js';

let harness: Harness;
beforeAll(async () => (harness = await startHarness()));
afterAll(() => harness.close());

const gzipAccepted = { headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br' } };

describe('stream headers', () => {
  it('forbid buffering and transformation, and keep the request id and Server-Timing', async () => {
    const response = await postChat(harness.app(), chatBody([message('user', 'hi')]), gzipAccepted);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'x-request-id': expect.any(String),
      'server-timing': expect.stringMatching(/^sitechat;/),
    });
    expect(response.headers.get('content-encoding')).toBeNull();
    await response.text();
  });

  it('stay uncompressed behind a compression middleware told to compress every content type', async () => {
    const outer = new Hono();
    // A careless setup: without `no-transform` on the stream, this would gzip it and hold tokens back.
    outer.use(compress({ contentTypeFilter: () => true, threshold: 0 }));
    outer.route('/', harness.app());
    const stream = await postChat(outer, chatBody([message('user', 'hi')]), gzipAccepted);
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(answerText(await readAllChunks(stream))).toBe('You said: hi');
    // The same middleware does compress ordinary JSON, so the test would notice if it were inert.
    const json = await outer.request('/api/config', { headers: { 'accept-encoding': 'gzip' } });
    expect(json.headers.get('content-encoding')).toBe('gzip');
  });

  it('send a heartbeat every 15 seconds by default', () => {
    expect(HEARTBEAT_INTERVAL_MS).toBe(15_000);
  });
});
