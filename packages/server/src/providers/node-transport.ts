/**
 * The model request on Node, with `node:http` / `node:https` and keep-alive agents instead of undici's `fetch`:
 * no web `Request`, `Response`, `Headers` or `ReadableStream` per answer, and each network read is handed to
 * the SSE decoder as it comes. In the gateway bench's parse floor (request, decode, parse, re-encode and nothing
 * else) it took 10 to 37 % less CPU per streamed answer than the same code with `fetch`; in Sitechat, 3 % with
 * answers that arrive in one burst and 8 % with paced ones (docs/decisions/0012-node-model-transport.md).
 * Imported by the Node entry point only: other runtimes have no `node:http` and keep `fetchTransport`.
 */
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { ModelAnswerBody, ModelHttpResponse, ModelTransport } from './model-transport.js';

/** Bytes that may wait for the reader before the response is paused (backpressure on the model server). */
const HIGH_WATER_MARK = 64 * 1024;
/**
 * How long an idle connection to the model server is kept when the server does not say: 4 s, undici's (and so
 * `fetch`'s) default, under the 5 s after which Node, uvicorn (vLLM) and llama.cpp's server close idle connections.
 */
const IDLE_SOCKET_MS = 4000;
/** An error body longer than this is cut: it is only ever parsed for the error's code. */
const MAX_ERROR_BODY = 256 * 1024;

/** A response body read by pulling, over the events of an `IncomingMessage`. */
class IncomingAnswerBody implements ModelAnswerBody {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private ended = false;
  private failure: Error | undefined;
  private waiting: { resolve: (bytes: Uint8Array | undefined) => void; reject: (error: Error) => void } | undefined;
  private settled: Array<() => void> = [];

  constructor(
    private readonly incoming: IncomingMessage,
    private readonly outgoing: ClientRequest,
  ) {
    incoming.on('data', (chunk: Buffer) => {
      const waiting = this.waiting;
      if (waiting !== undefined) {
        this.waiting = undefined;
        waiting.resolve(chunk);
        return;
      }
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes > HIGH_WATER_MARK) incoming.pause();
    });
    incoming.once('end', () => {
      this.ended = true;
      this.settle();
    });
    // A connection that closes before the end ('error' with "aborted", or only 'close'), or an abort.
    incoming.once('error', (error) => this.fail(error));
    incoming.once('close', () => {
      if (!this.ended) this.fail(new Error('The model server closed the connection before the answer ended'));
    });
  }

  read(): Promise<Uint8Array | undefined> {
    if (this.pending.length > 0) {
      const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      if (this.incoming.isPaused()) this.incoming.resume();
      return Promise.resolve(bytes);
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  cancel(): void {
    this.outgoing.destroy();
  }

  release(): Promise<void> {
    if (this.ended || this.failure !== undefined) return Promise.resolve();
    this.pending = [];
    this.pendingBytes = 0;
    const settled = new Promise<void>((resolve) => this.settled.push(resolve));
    this.incoming.resume();
    return settled;
  }

  private fail(error: Error): void {
    if (this.ended || this.failure !== undefined) return;
    this.failure = error;
    this.settle();
  }

  private settle(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting !== undefined) {
      if (this.failure !== undefined) waiting.reject(this.failure);
      else waiting.resolve(undefined);
    }
    for (const resolve of this.settled.splice(0)) resolve();
  }
}

/**
 * The model server's response. Its body starts flowing when it is first read, as text (a failure) or as the
 * answer, never both. A class, not an object literal with `get body()`: V8 keeps a literal's accessor in a
 * hidden class of its own, allocated in the old generation, which then holds the whole request (its socket
 * reads included) until the next full collection (docs/decisions/0014-no-per-request-hidden-classes.md).
 */
class IncomingModelResponse implements ModelHttpResponse {
  readonly status: number;
  private answer: IncomingAnswerBody | undefined;

  constructor(
    private readonly incoming: IncomingMessage,
    private readonly outgoing: ClientRequest,
  ) {
    this.status = incoming.statusCode ?? 0;
  }

  headers(): Headers {
    return headersOf(this.incoming);
  }

  text(): Promise<string> {
    return textOf(this.incoming);
  }

  get body(): ModelAnswerBody {
    return (this.answer ??= new IncomingAnswerBody(this.incoming, this.outgoing));
  }
}

function headersOf(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

function textOf(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    incoming.on('data', (chunk: Buffer) => {
      if (length >= MAX_ERROR_BODY) return;
      chunks.push(chunk);
      length += chunk.length;
    });
    incoming.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}

export interface NodeModelTransportOptions {
  /** Agents for `http:` and `https:` model servers. Default: keep-alive agents of this transport's own. */
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
}

/**
 * A `ModelTransport` over `node:http` and `node:https`. Only `http:` and `https:` URLs (the configuration's
 * schema allows no other). The header timeout and the silence timer are the caller's, through the signal.
 * @example
 * const provider = createOpenAIProvider({ ..., transport: nodeModelTransport() });
 */
export function nodeModelTransport(options: NodeModelTransportOptions = {}): ModelTransport {
  // An outbound proxy from HTTP_PROXY / HTTPS_PROXY / NO_PROXY when NODE_USE_ENV_PROXY=1, as Node does for its
  // own agents and for fetch (Node 24.5 and later).
  const proxyEnv = process.env.NODE_USE_ENV_PROXY === '1' ? { proxyEnv: process.env } : {};
  // Node's agents keep at most 256 idle sockets and close the rest: after a burst of 1,000 concurrent answers,
  // three quarters of the next burst's requests would open new connections (1.8 % of the CPU at 1,000 streams
  // went to connect() and as much to close()). Idle sockets are closed by the model server's own keep-alive
  // timeout.
  // `timeout` is the idle socket's: without one, Node ignores the server's `Keep-Alive: timeout=N` hint and keeps a
  // socket the server is about to close, and a request sent on it just as the server closes it fails with
  // ECONNRESET (then retried, after a backoff). With it, an idle socket is closed a second before the server's
  // announced timeout, and after IDLE_SOCKET_MS when the server announces none. (A socket in use only emits
  // 'timeout', which nothing here listens to: the answer's own timers decide when a silent model has failed.)
  const agentOptions = { keepAlive: true, maxFreeSockets: 2048, timeout: IDLE_SOCKET_MS, ...proxyEnv };
  const httpAgent = options.httpAgent ?? new HttpAgent(agentOptions);
  const httpsAgent = options.httpsAgent ?? new HttpsAgent(agentOptions);
  // The URL is the same for every answer of a provider: turned into request options once, not per answer.
  const targets = new Map<string, { secure: boolean; options: RequestOptions }>();
  const targetOf = (url: string) => {
    let known = targets.get(url);
    if (known === undefined) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      if (!secure && parsed.protocol !== 'http:') throw new TypeError(`Unsupported protocol ${parsed.protocol}`);
      known = { secure, options: { ...urlToHttpOptions(parsed), method: 'POST', agent: secure ? httpsAgent : httpAgent } };
      if (targets.size < 64) targets.set(url, known);
    }
    return known;
  };
  return ({ url, headers, body, signal }) =>
    new Promise<ModelHttpResponse>((resolve, reject) => {
      const { secure, options } = targetOf(url);
      const send = secure ? httpsRequest : httpRequest;
      const outgoing = send(
        { ...options, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal },
        (incoming) => resolve(new IncomingModelResponse(incoming, outgoing)),
      );
      // Before the response: the request failed (refused, reset, aborted). After it, the body reports failures.
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}
