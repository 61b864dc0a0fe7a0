import type { UIMessage } from '@sitechat/protocol';
import { toChatError } from './chat-error.js';
import { errorFromResponse } from './http-chat-transport.js';
import type { Rating } from './message-metadata.js';

/** What the server offers beyond `POST /api/chat`, from `GET /api/config`. Absent features are off. */
export interface ServerFeatures {
  /** The server stores conversations: requests carry only the question; `GET/DELETE /api/conversations/:id`. */
  history: boolean;
  /** `POST /api/feedback` stores thumbs up/down and comments. */
  feedback: boolean;
  /** `POST /api/comparisons` stores "which answer was better". */
  comparisons: boolean;
}

export interface ServerConfig {
  modelConfigured: boolean;
  features: ServerFeatures;
}

export interface FeedbackBody {
  conversationId: string;
  messageId: string;
  rating: Rating;
  comment?: string;
}

export interface ComparisonBody {
  conversationId: string;
  /** The question both answers answer. */
  parentId: string;
  answerA: string;
  answerB: string;
  preferred: 'a' | 'b' | 'tie';
}

export interface SitechatApiOptions {
  /** The chat endpoint; the other endpoints are its siblings (`/api/chat` → `/api/config`, `/api/feedback`, …). */
  endpoint?: string;
  /** Headers for every request (the visitor id, a visitor token). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  credentials?: RequestCredentials;
  fetch?: typeof globalThis.fetch;
}

const NO_FEATURES: ServerConfig = { modelConfigured: true, features: { history: false, feedback: false, comparisons: false } };

/**
 * The Sitechat server's endpoints other than the chat stream. Each is optional on the server: `config()`
 * never fails (a server without it has no features), `conversation()` is `undefined` when there is none.
 *
 * @example
 * const api = new SitechatApi({ endpoint: '/api/chat' });
 * const { features } = await api.config();
 * if (features.feedback) await api.feedback({ conversationId, messageId, rating: 'up' });
 */
export class SitechatApi {
  private readonly options: SitechatApiOptions;

  constructor(options: SitechatApiOptions = {}) {
    this.options = options;
  }

  /** The absolute URL of a sibling of the chat endpoint. */
  url(path: string): string {
    return new URL(path, new URL(this.options.endpoint ?? '/api/chat', globalThis.location?.href)).href;
  }

  async config(): Promise<ServerConfig> {
    try {
      const response = await this.request('GET', 'config');
      if (!response.ok) return NO_FEATURES;
      const body = (await response.json()) as { modelConfigured?: unknown; features?: Record<string, unknown> };
      const features = body.features ?? {};
      return {
        modelConfigured: body.modelConfigured !== false,
        features: { history: features.history === true, feedback: features.feedback === true, comparisons: features.comparisons === true },
      };
    } catch {
      return NO_FEATURES;
    }
  }

  feedback(body: FeedbackBody): Promise<void> {
    return this.send('POST', 'feedback', body);
  }

  comparison(body: ComparisonBody): Promise<void> {
    return this.send('POST', 'comparisons', body);
  }

  /** The server's copy of a conversation, or `undefined` when it has none (404). Rejects on other failures. */
  async conversation(id: string): Promise<{ id: string; messages: UIMessage[] } | undefined> {
    const response = await this.request('GET', `conversations/${encodeURIComponent(id)}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await errorFromResponse(response);
    const body = (await response.json()) as { id?: unknown; messages?: unknown };
    return Array.isArray(body.messages) ? { id: typeof body.id === 'string' ? body.id : id, messages: body.messages as UIMessage[] } : undefined;
  }

  deleteConversation(id: string): Promise<void> {
    return this.send('DELETE', `conversations/${encodeURIComponent(id)}`);
  }

  private async send(method: string, path: string, body?: unknown): Promise<void> {
    const response = await this.request(method, path, body);
    if (!response.ok) throw await errorFromResponse(response);
    await response.body?.cancel().catch(() => {});
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.options.headers?.()) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await (this.options.fetch ?? globalThis.fetch)(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: this.options.credentials ?? 'same-origin',
      });
    } catch (error) {
      throw toChatError(error);
    }
  }
}
