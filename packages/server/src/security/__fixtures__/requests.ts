/**
 * Requests as a given connection makes them: the peer address travels in the `env` of `app.request()`, and
 * the apps built here read it back through `SitechatOptions.peerAddress`, as the Node entry reads the socket.
 */
import type { Context } from 'hono';
import type { SitechatOptions } from '../../app.js';

export interface From {
  /** The TCP peer (default 203.0.113.10). */
  peer?: string;
  headers?: Record<string, string>;
}

export const peerAddress: SitechatOptions['peerAddress'] = (c: Context) => (c.env as { peer?: string } | undefined)?.peer;

type Requestable = { request: (path: string, init: RequestInit, env?: unknown) => Response | Promise<Response> };

export function postFrom(app: Requestable, body: unknown, from: From = {}, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(
    app.request(
      '/api/chat',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from.headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...init,
      },
      { peer: from.peer ?? '203.0.113.10' },
    ),
  );
}
