/**
 * How a request reaches the model server: one POST, its response's status and headers, and its body read a
 * network read at a time. Runtime-neutral; the default is the global `fetch` (`fetchTransport`), which every
 * runtime has. The Node entry point uses `node:http` instead (node-transport.ts), lighter than undici's `fetch`
 * (docs/decisions/0012-node-model-transport.md).
 */

/** The model's answer body. `read` and the other two are never called at the same time. */
export interface ModelAnswerBody {
  /** The next bytes, as many as have arrived; `undefined` at the body's end. Rejects when it breaks or is aborted. */
  read(): Promise<Uint8Array | undefined>;
  /** Stops reading and closes the request, so that the model stops generating. */
  cancel(): void;
  /**
   * The answer is complete: reads and drops whatever follows (normally only the body's end), so that the
   * connection can be used again. Settles when the body has ended or failed; the request's signal still ends it.
   */
  release(): Promise<void>;
}

export interface ModelHttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Aborts the request, before the headers and while the body is read. */
  signal: AbortSignal;
}

export interface ModelHttpResponse {
  status: number;
  /** The response headers (read on failures only: `Retry-After`). */
  headers(): Headers;
  /** The whole body as text (read on failures only, and then instead of `body`). */
  text(): Promise<string>;
  /** The answer's body (read on success only). */
  readonly body: ModelAnswerBody;
}

/**
 * Sends one POST to the model server; resolves once the response headers have arrived, whatever the status.
 * Rejects (with anything) when no response comes: the caller maps that to a connection error.
 */
export type ModelTransport = (request: ModelHttpRequest) => Promise<ModelHttpResponse>;

/** A web body (`fetch`'s `Response.body`, the `openai` client's `asResponse()`) as a `ModelAnswerBody`. */
export function webAnswerBody(stream: ReadableStream<Uint8Array> | null): ModelAnswerBody {
  if (stream === null) {
    return { read: () => Promise.resolve(undefined), cancel: () => {}, release: () => Promise.resolve() };
  }
  const reader = stream.getReader();
  return {
    read: () => reader.read().then((result) => (result.done ? undefined : result.value)),
    cancel: () => void reader.cancel().catch(() => {}),
    async release() {
      try {
        while (!(await reader.read()).done);
      } catch {
        // Aborted or broken: the answer is complete either way.
      }
    },
  };
}

/**
 * The transport every runtime has: the global `fetch` (looked up at each request), or the one given (tests,
 * a runtime's own).
 */
export function fetchTransport(fetchImplementation?: typeof fetch): ModelTransport {
  return async ({ url, headers, body, signal }) => new WebModelResponse(await (fetchImplementation ?? fetch)(url, { method: 'POST', headers, body, signal }));
}

/**
 * A `fetch` response, read either as text (a failure) or as the answer: reading the answer locks the body.
 * A class, not an object literal with `get body()`: V8 keeps a literal's accessor in a hidden class of its own,
 * allocated in the old generation, which then holds the whole request until the next full collection
 * (docs/decisions/0014-no-per-request-hidden-classes.md).
 */
class WebModelResponse implements ModelHttpResponse {
  readonly status: number;
  private answer: ModelAnswerBody | undefined;

  constructor(private readonly response: Response) {
    this.status = response.status;
  }

  headers(): Headers {
    return this.response.headers;
  }

  text(): Promise<string> {
    return this.response.text();
  }

  get body(): ModelAnswerBody {
    return (this.answer ??= webAnswerBody(this.response.body));
  }
}
