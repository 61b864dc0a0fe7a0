import type { ChatWidgetOptions } from './chat-widget-options.js';
import type { ChatSession } from './core/chat-session.js';
import { HttpChatTransport } from './core/http-chat-transport.js';
import { type ServerFeatures, SitechatApi } from './core/sitechat-api.js';

/** The header that carries the visitor's opaque id on every request. */
export const VISITOR_HEADER = 'x-sitechat-visitor';

/** The element's settings that say which server it talks to, and as whom. */
export type ServerSettings = Pick<ChatWidgetOptions, 'transport' | 'endpoint' | 'fetch' | 'token' | 'getToken'>;

/**
 * The element's link to its server: the chat transport and the API client (`/api/config`, `/api/feedback`,
 * …) for the current `transport`, `endpoint` and `fetch`, the headers every request carries (the visitor id,
 * a visitor token), and what the server said it offers.
 */
export class ServerConnection {
  /** The client for the endpoints beside the chat endpoint, as of the last `connect()`. */
  api = new SitechatApi();
  /** What the server offers, once `loadConfig()` has read it. */
  features: ServerFeatures | undefined;
  private readonly session: ChatSession;
  private readonly settings: ServerSettings;
  private readonly visitorId: () => string;
  private connection: [ServerSettings['transport'], string, ServerSettings['fetch']] | undefined;

  constructor(session: ChatSession, settings: ServerSettings, visitorId: () => string) {
    this.session = session;
    this.settings = settings;
    this.visitorId = visitorId;
  }

  /**
   * Point the session and the API at the current `transport`, `endpoint` and `fetch`. Called before every
   * request as well as on update, so that `el.transport = x; el.send('…')` uses `x` at once.
   */
  connect(): void {
    const { transport, endpoint, fetch } = this.settings;
    const current = this.connection;
    if (current && current[0] === transport && current[1] === endpoint && current[2] === fetch) return;
    this.connection = [transport, endpoint, fetch];
    this.session.transport = transport ?? new HttpChatTransport({ api: endpoint, headers: this.headers, fetch });
    this.api = new SitechatApi({ endpoint, headers: this.headers, fetch });
  }

  /**
   * Read `GET /api/config`. With a store on the server (`features.history`), requests carry only the new
   * question, and the server's copy of the conversation replaces the one in this browser.
   */
  async loadConfig(): Promise<void> {
    this.connect();
    const { features } = await this.api.config();
    this.features = features;
    this.session.serverHistory = features.history;
    const conversationId = this.session.conversationId;
    if (features.history && conversationId) await this.loadServerCopy(conversationId);
  }

  private async loadServerCopy(conversationId: string): Promise<void> {
    try {
      const copy = await this.api.conversation(conversationId);
      const session = this.session;
      if (!copy || session.busy || session.conversationId !== conversationId) return;
      session.load({ id: session.id, conversationId, messages: copy.messages, active: session.snapshot().active });
    } catch {
      // Unreachable or refused: the local copy stays.
    }
  }

  private readonly headers = async (): Promise<Record<string, string>> => {
    const headers: Record<string, string> = { [VISITOR_HEADER]: this.visitorId() };
    const { getToken, token } = this.settings;
    const value = getToken ? await getToken() : token;
    if (value) headers.authorization = `Bearer ${value}`;
    return headers;
  };
}
