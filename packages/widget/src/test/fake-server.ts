import { DONE_EVENT, encodeChunk, type UIMessage, type UIMessageChunk } from '@sitechat/protocol';

export interface RecordedRequest {
  method: string;
  /** The path, from `/api/`. */
  path: string;
  headers: Record<string, string>;
  body: any;
}

/**
 * A Sitechat server in a `fetch` function, built from the server contract (docs/widget.md, "Server
 * contract"): `GET /api/config`, `POST /api/chat` (a UI message stream), `POST /api/feedback`,
 * `POST /api/comparisons`, `GET`/`DELETE /api/conversations/:id`. Give it to the widget as `el.fetch`.
 * Endpoints of features that are off answer 404, as a server without them would.
 */
export class FakeServer {
  features = { history: false, feedback: false, comparisons: false };
  /** Whether `GET /api/config` exists at all. */
  hasConfig = true;
  readonly requests: RecordedRequest[] = [];
  /** The conversations `GET /api/conversations/:id` returns. */
  readonly conversations = new Map<string, UIMessage[]>();
  /** Answers to `POST /api/chat`, in order; each is the chunks of one stream. */
  readonly answers: UIMessageChunk[][] = [];
  /** Answer the next feedback or comparison with this status. */
  failNext: number | undefined;

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input), location.href);
    const path = url.pathname.replace(/^.*\/api\//, '');
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const method = init.method ?? 'GET';
    this.requests.push({ method, path, headers, body });
    const notFound = () => Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
    if (path === 'config') return this.hasConfig ? Response.json({ modelConfigured: true, features: this.features }) : notFound();
    if (path === 'chat') return this.stream(this.answers.shift() ?? []);
    if ((path === 'feedback' && this.features.feedback) || (path === 'comparisons' && this.features.comparisons)) {
      const status = this.failNext ?? 200;
      this.failNext = undefined;
      return status === 200 ? Response.json({ ok: true }) : Response.json({ error: { code: 'internal_error', message: 'Failed.' } }, { status });
    }
    const conversation = /^conversations\/(.+)$/.exec(path);
    if (conversation && this.features.history) {
      const id = decodeURIComponent(conversation[1]!);
      if (method === 'DELETE') return Response.json({ ok: this.conversations.delete(id) });
      const messages = this.conversations.get(id);
      return messages ? Response.json({ id, messages }) : notFound();
    }
    return notFound();
  };

  /** The requests to one endpoint (`chat`, `feedback`, …), oldest first. */
  to(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  private stream(chunks: UIMessageChunk[]): Response {
    return new Response(chunks.map(encodeChunk).join('') + DONE_EVENT, {
      headers: { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' },
    });
  }
}

/** A complete answer as the Sitechat server streams it: the server's message id and the conversation id. */
export function serverAnswer(text: string, messageId: string, conversationId = 'conv-1'): UIMessageChunk[] {
  return [
    { type: 'start', messageId, messageMetadata: { conversationId } },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: text },
    { type: 'text-end', id: 't' },
    { type: 'finish', finishReason: 'stop' },
  ];
}
