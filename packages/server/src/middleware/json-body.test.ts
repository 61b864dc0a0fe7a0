import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../http/on-error.js';
import { silentLogger } from '../http/logger.js';
import { jsonBody, type JsonBodyVariables } from './json-body.js';

const app = new Hono<{ Variables: JsonBodyVariables }>();
app.onError(createErrorHandler(silentLogger));
app.post('/echo', jsonBody({ maxBytes: 1024 }), (c) => c.json({ received: c.get('jsonBody') }));

const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.request('/echo', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);

async function code(response: Response) {
  return [response.status, (await response.json()).error.code];
}

describe('jsonBody', () => {
  it('passes the parsed body on', async () => {
    const response = await post('{"a":[1,"ü"]}');
    expect(await response.json()).toEqual({ received: { a: [1, 'ü'] } });
  });

  it('reads a body within the limit whether it declares its length or not', async () => {
    const body = '{"a":1}';
    const declared = await post(body, { 'content-type': 'application/json', 'content-length': String(body.length) });
    expect(await declared.json()).toEqual({ received: { a: 1 } });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    expect(await (await post(stream)).json()).toEqual({ received: { a: 1 } });
  });

  it('refuses other content types with 415 before reading the body', async () => {
    expect(await code(await post('{}', { 'content-type': 'text/plain' }))).toEqual([415, 'unsupported_media_type']);
    expect(await code(await post('{}', { 'content-type': 'application/jsonp' }))).toEqual([415, 'unsupported_media_type']);
  });

  it('refuses broken JSON with 400 invalid_json', async () => {
    expect(await code(await post('{'))).toEqual([400, 'invalid_json']);
  });

  it('refuses a body over the limit with 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2000) });
    expect(await code(await post(big, { 'content-type': 'application/json', 'content-length': String(big.length) }))).toEqual([
      413,
      'payload_too_large',
    ]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    expect(await code(await post(stream))).toEqual([413, 'payload_too_large']);
  });
});
