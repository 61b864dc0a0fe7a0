/**
 * Preloaded into a bench server by bench/stages.ts (`--import ./stage-probe.ts`): for each request the server
 * receives, when it arrived, when its model request left and was answered, when the answer's first bytes came
 * in and when the server first wrote to its visitor. Read from `node:diagnostics_channel` and two prototype
 * methods of node:http, so that Sitechat and the bare pipe are timed by the same code. Meant for one stream at a
 * time: a model request belongs to the request that arrived last. The parent asks for the rows over IPC
 * (`{ type: 'stages' }`), which also empties them.
 */
import { subscribe } from 'node:diagnostics_channel';
import { type ClientRequest, IncomingMessage, type IncomingMessage as Incoming, ServerResponse } from 'node:http';

/** Milliseconds on `performance.now()`; a stage the request never reached stays unset. */
export interface StageRow {
  arrived: number;
  modelRequested?: number;
  modelAnswered?: number;
  firstModelBytes?: number;
  firstWrite?: number;
}

const rows: StageRow[] = [];
let current: StageRow | undefined;
const rowOf = new WeakMap<object, StageRow>();

subscribe('http.server.request.start', (message) => {
  const { response } = message as { response: ServerResponse };
  current = { arrived: performance.now() };
  rows.push(current);
  rowOf.set(response, current);
});

subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: ClientRequest };
  const row = current;
  if (row === undefined || row.modelRequested !== undefined) return;
  row.modelRequested = performance.now();
  request.once('response', (answer: Incoming) => {
    row.modelAnswered = performance.now();
    rowOf.set(answer, row);
  });
});

// The answer's body is timed where node:http hands it over, not with a 'data' listener, which would switch the
// stream to flowing mode and take the bytes from a server that reads it with `read()`.
const push = IncomingMessage.prototype.push;
IncomingMessage.prototype.push = function (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) {
  const row = rowOf.get(this);
  if (row !== undefined && chunk != null && row.firstModelBytes === undefined) row.firstModelBytes = performance.now();
  return push.call(this, chunk, encoding);
};

const write = ServerResponse.prototype.write as (...args: unknown[]) => boolean;
ServerResponse.prototype.write = function (this: ServerResponse, ...args: unknown[]) {
  const row = rowOf.get(this);
  if (row !== undefined && row.firstWrite === undefined) row.firstWrite = performance.now();
  return write.apply(this, args);
} as ServerResponse['write'];

process.on('message', (message: { type?: string; id?: number }) => {
  if (message?.type === 'stages') process.send!({ id: message.id, rows: rows.splice(0) });
});
