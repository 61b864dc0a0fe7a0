/** What the fake model server answers to one request. Every field is optional. */
export interface FakeReply {
  /** The answer. Default: `You said: <last user text>`. */
  text?: string;
  /** Characters per content delta (default 4). */
  chunkSize?: number;
  /** Wait this long before sending the response headers. */
  headersDelayMs?: number;
  /** Wait this long between deltas. */
  chunkDelayMs?: number;
  /** Destroy the socket after this many content deltas: a mid-stream drop. */
  dropAfterDeltas?: number;
  /** Send an event that is not JSON after this many content deltas. */
  malformedAfterDeltas?: number;
  finishReason?: 'stop' | 'length' | 'content_filter';
  /** Answer with an OpenAI error body and this status instead. */
  error?: FakeError;
  /** Extra headers on a successful reply (to prove they are not passed on). */
  responseHeaders?: Record<string, string>;
  /** Azure OpenAI sends a first chunk with empty `choices` and `prompt_filter_results`. */
  azurePromptFilterChunk?: boolean;
  /** Leave the usage chunk out even when `stream_options.include_usage` asks for it. */
  omitUsage?: boolean;
}

export interface FakeError {
  status: number;
  message?: string;
  type?: string;
  code?: string | null;
  headers?: Record<string, string>;
}

/** A request the server received. `settled` resolves once it completed or the client went away. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
  aborted: boolean;
  completed: boolean;
  receivedAt: number;
  settled: Promise<void>;
}

export type ReplyFactory = (body: any) => FakeReply;
