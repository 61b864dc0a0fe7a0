import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestId } from './request-id.js';

function app() {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(requestId({ generate: () => 'generated-1' }));
  app.get('/json', (c) => c.json({ id: c.get('requestId') }));
  // A handler that builds its own Response (as the chat stream does).
  app.get('/raw', () => new Response('data: x\n\n', { headers: { 'content-type': 'text/event-stream' } }));
  return app;
}

describe('requestId', () => {
  it('keeps a well-formed id from the caller and echoes it, also on a raw Response', async () => {
    const json = await app().request('/json', { headers: { 'x-request-id': 'lb-7f3a.1:2' } });
    expect(await json.json()).toEqual({ id: 'lb-7f3a.1:2' });
    expect(json.headers.get('x-request-id')).toBe('lb-7f3a.1:2');
    const raw = await app().request('/raw', { headers: { 'x-request-id': 'edge-9' } });
    expect(raw.headers.get('x-request-id')).toBe('edge-9');
  });

  it('replaces a malformed or overlong id instead of logging it', async () => {
    for (const given of ['two words', 'a"b', 'x'.repeat(129), '']) {
      const response = await app().request('/json', { headers: { 'x-request-id': given } });
      expect(response.headers.get('x-request-id')).toBe('generated-1');
    }
  });
});
