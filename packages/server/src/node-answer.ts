/**
 * Streamed answers written straight to Node's `ServerResponse` (chat/answer-sink.ts). Through
 * `@hono/node-server`, each batch would pass through a web `ReadableStream` and its reader, and the head would
 * go out in a write of its own before the first batch; here the head leaves with the first batch, each later
 * batch is one socket write, and the text is encoded once, by Node, into the socket's buffer.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
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
 * the answer, which stops the model request.
 * @example
 * const answer = takeStreamedAnswer(response);
 * if (answer !== undefined) { sendAnswer(env.outgoing, response, answer); return RESPONSE_ALREADY_SENT; }
 */
export function sendAnswer(outgoing: ServerResponse, response: Response, answer: StreamedAnswer): void {
  if (outgoing.destroyed) {
    answer.cancel();
    return;
  }
  // Node holds the head until the first write and sends both in one system call.
  outgoing.writeHead(response.status, nodeHeaders(response.headers));
  let ended = false;
  outgoing.once('close', () => {
    if (!ended) answer.cancel();
  });
  answer.start({
    write: (text) => void outgoing.write(text),
    end: () => {
      ended = true;
      outgoing.end();
    },
    ready: () => (outgoing.writableNeedDrain ? caughtUp(outgoing) : undefined),
  });
}
