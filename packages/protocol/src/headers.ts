/** The protocol version header an AI SDK client checks for; its value is the stream format version. */
export const UI_MESSAGE_STREAM_HEADER = 'x-vercel-ai-ui-message-stream';
export const UI_MESSAGE_STREAM_VERSION = 'v1';

/**
 * Response headers of every chat stream. `no-transform` and `X-Accel-Buffering: no` stop proxies
 * (nginx, CDNs) from buffering or compressing the stream, which would hold tokens back.
 */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  [UI_MESSAGE_STREAM_HEADER]: UI_MESSAGE_STREAM_VERSION,
});

/** How often the server sends an SSE comment to keep idle connections open through proxies. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
