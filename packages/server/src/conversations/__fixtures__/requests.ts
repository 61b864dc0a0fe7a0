/** Requests as the widget sends them when the server keeps the history. */
import type { UIMessage, UIMessageChunk } from '@sitechat/protocol';
import { readAllChunks } from '../../__fixtures__/harness.js';

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export const VISITOR_A = 'visitor-aaaaaaaa';
export const VISITOR_B = 'visitor-bbbbbbbb';

export function userMessage(id: string, text: string): UIMessage {
  return { id, role: 'user', parts: [{ type: 'text', text }] };
}

export function assistantMessage(id: string, text: string): UIMessage {
  return { id, role: 'assistant', parts: [{ type: 'text', text }] };
}

function headers(visitor: string | undefined, json = true): Record<string, string> {
  return { ...(json ? { 'content-type': 'application/json' } : {}), ...(visitor === undefined ? {} : { 'x-sitechat-visitor': visitor }) };
}

export function postChat(app: App, visitor: string | undefined, body: unknown, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(app.request('/api/chat', { method: 'POST', headers: headers(visitor), body: JSON.stringify(body), ...init }));
}

export interface Answer {
  response: Response;
  chunks: UIMessageChunk[];
  text: string;
  /** The `start` chunk's message id: the stored answer's id. */
  messageId: string | undefined;
  metadata: Record<string, unknown> | undefined;
}

/** Asks and reads the whole answer. */
export async function ask(app: App, visitor: string | undefined, body: unknown): Promise<Answer> {
  const response = await postChat(app, visitor, body);
  if (response.status !== 200) throw new Error(`chat answered ${response.status}: ${await response.text()}`);
  const chunks = await readAllChunks(response);
  const start = chunks.find((chunk) => chunk.type === 'start') as { messageId?: string; messageMetadata?: Record<string, unknown> } | undefined;
  return {
    response,
    chunks,
    text: chunks.map((chunk) => (chunk.type === 'text-delta' ? chunk.delta : '')).join(''),
    messageId: start?.messageId,
    metadata: start?.messageMetadata,
  };
}

export function send(app: App, method: string, path: string, visitor: string | undefined, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: headers(visitor, body !== undefined),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

export async function getConversation(app: App, visitor: string | undefined, id: string): Promise<{ status: number; body: any }> {
  const response = await send(app, 'GET', `/api/conversations/${encodeURIComponent(id)}`, visitor);
  return { status: response.status, body: await response.json() };
}
