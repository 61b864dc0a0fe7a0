/**
 * Test support for the server's tests: a fake model server, an app pointed at it, a logger that records
 * everything, and helpers to post chat requests and read the answers. Never part of the build.
 */
import { readChunks, type UIMessage, type UIMessageChunk } from '@sitechat/protocol';
import { type FakeModelServer, startFakeModelServer } from '@sitechat/fake-openai';
import { createSitechat, type SitechatOptions } from '../app.js';
import type { SitechatConfigInput } from '../config/schema.js';
import type { Logger } from '../http/logger.js';

/** A distinctive key: it must never appear in a response or a log line. */
export const SECRET_KEY = 'sk-test-SECRETKEY-0f9e8d7c6b5a';
export const SECRET_MESSAGE = 'UPSTREAM-SECRET-MESSAGE quota for org-SECRETORG exceeded';
/** Upstream headers that must not be passed on. */
export const SECRET_HEADERS = {
  'set-cookie': '__cf_bm=COOKIE-SECRET-VALUE; path=/',
  'openai-organization': 'org-SECRETORG',
  'openai-project': 'proj-SECRETPROJECT',
  'x-ratelimit-remaining-tokens': '987654321',
  'x-request-id': 'req-SECRETREQUEST',
};
export const SECRET_STRINGS = [SECRET_KEY, 'UPSTREAM-SECRET', 'COOKIE-SECRET', 'SECRETORG', 'SECRETPROJECT', '987654321', 'SECRETREQUEST'];

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) =>
    void entries.push(fields === undefined ? { level, message } : { level, message, fields });
  return { entries, info: record('info'), warn: record('warn'), error: record('error') };
}

export const SYSTEM_PROMPT = 'You are the Test Bakery assistant. OWNER-PROMPT-MARKER';

export interface Harness {
  model: FakeModelServer;
  logger: ReturnType<typeof recordingLogger>;
  /** An app pointed at the fake model, with `config` merged over the test defaults. */
  app(config?: SitechatConfigInput, options?: SitechatOptions): ReturnType<typeof createSitechat>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const model = await startFakeModelServer();
  const logger = recordingLogger();
  return {
    model,
    logger,
    app(config = {}, options = {}) {
      return createSitechat(
        {
          systemPrompt: SYSTEM_PROMPT,
          ...config,
          // No retries unless a test asks: most tests script exactly one upstream reply per request.
          model: { apiKey: SECRET_KEY, baseURL: model.url, name: 'test-model', maxRetries: 0, ...config.model },
        },
        { logger, ...options },
      );
    },
    close: () => model.close(),
  };
}

let nextId = 0;
export function message(role: UIMessage['role'], text: string): UIMessage {
  return { id: `m${++nextId}`, role, parts: [{ type: 'text', text }] };
}

/** A chat request body as `DefaultChatTransport` sends it. */
export function chatBody(messages: UIMessage[], extra: Record<string, unknown> = {}) {
  return { id: 'chat-1', messages, trigger: 'submit-message', messageId: undefined, ...extra };
}

export function postChat(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  body: unknown,
  init: RequestInit = {},
): Promise<Response> {
  return Promise.resolve(
    app.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    }),
  );
}

export async function readAllChunks(response: Response): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  for await (const chunk of readChunks(response.body!)) chunks.push(chunk);
  return chunks;
}

export function answerText(chunks: readonly UIMessageChunk[]): string {
  return chunks.map((chunk) => (chunk.type === 'text-delta' ? chunk.delta : '')).join('');
}

/** Everything a visitor or the owner's logs could see, for leak checks. */
export function visibleText(response: Response, body: string, logger: { entries: LogEntry[] }): string {
  return [JSON.stringify([...response.headers]), body, JSON.stringify(logger.entries)].join('\n');
}

export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
