/**
 * Streamed answers written straight to Node's `ServerResponse` (chat/answer-sink.ts). Through
 * `@hono/node-server`, each batch would pass through a web `ReadableStream` and its reader, and the head would
 * go out in a write of its own before the first batch; here the head leaves with the first batch, each later
 * batch is one socket write, and the text is encoded once, by Node, into the socket's buffer.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { UI_MESSAGE_STREAM_HEADERS } from '@sitechat/protocol';
import type { StreamedAnswer } from './chat/answer-sink.js';

function nodeHeaders(headers: Headers): OutgoingHttpHeaders {
  const record: OutgoingHttpHeaders = {};
  for (const [name, value] of headers) if (name !== 'set-cookie') record[name] = value;
  // A web `Headers` joins cookies with commas, which would corrupt them; Node takes them as a list.
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) record['set-cookie'] = cookies;
  return record;
}

/** Settles once the response has room again (`drain`) or the connection is gone (`close`). */
function caughtUp(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}

/**
 * Sends `answer` with the status and headers of `response`, the response the app returned, as its middleware
 * left it (`Server-Timing`, request id, security headers). A connection that closes before the end cancels
 * the answer, which stops the model request. A deferred answer (`answer.head`) sends nothing until its head
 * is decided: then the 200 and the answer, or the error response in its place.
 * @example
 * const answer = takeStreamedAnswer(response);
 * if (answer !== undefined) { sendAnswer(env.outgoing, response, answer); return RESPONSE_ALREADY_SENT; }
 */
export function sendAnswer(outgoing: ServerResponse, response: Response, answer: StreamedAnswer): void {
  if (outgoing.destroyed) {
    answer.cancel();
    return;
  }
  let ended = false;
  outgoing.once('close', () => {
    if (!ended) answer.cancel();
  });
  const start = (serverTiming?: string) => {
    const headers = nodeHeaders(response.headers);
    if (serverTiming !== undefined && headers['server-timing'] !== undefined) headers['server-timing'] = serverTiming;
    // Node holds the head until the first write and sends both in one system call.
    outgoing.writeHead(response.status, headers);
    answer.start({
      write: (text) => void outgoing.write(text),
      end: () => {
        ended = true;
        outgoing.end();
      },
      ready: () => (outgoing.writableNeedDrain ? caughtUp(outgoing) : undefined),
    });
  };
  if (answer.head === undefined) {
    start();
    return;
  }
  void answer.head().then(async (head) => {
    // A connection that closed meanwhile has cancelled the answer.
    if (head.start) {
      if (!outgoing.destroyed) start(head.serverTiming);
      return;
    }
    ended = true;
    if (head.response === undefined || outgoing.destroyed) {
      outgoing.destroy();
      return;
    }
    const body = await head.response.text();
    if (outgoing.destroyed) return;
    outgoing.writeHead(head.response.status, { ...errorHeaders(response.headers, head.response.headers), 'content-length': Buffer.byteLength(body) });
    outgoing.end(body);
  });
}

/** The middleware's headers (request id, CORS, `Server-Timing`) without the stream's own, then the error's. */
function errorHeaders(decorated: Headers, error: Headers): OutgoingHttpHeaders {
  const record = nodeHeaders(decorated);
  for (const name of Object.keys(UI_MESSAGE_STREAM_HEADERS)) delete record[name];
  return Object.assign(record, nodeHeaders(error));
}
