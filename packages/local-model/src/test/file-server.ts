/**
 * A local HTTP file server on 127.0.0.1 for the download tests, with the misbehaviours a real CDN shows:
 * connections cut mid-body, Range ignored, errors before success. Test support only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServerOptions {
  /** The file served at every path except `/missing`. */
  body: Buffer;
  /** Cut the connection after half of the body for this many responses. Default 0. */
  cutResponses?: number;
  /** Answer 200 with the whole file even when asked for a range. Default false. */
  ignoreRange?: boolean;
  /** Answer 503 to this many requests first. Default 0. */
  failFirst?: number;
}

export interface FileServer {
  url(path?: string): string;
  /** The Range header of each request, `undefined` where there was none. */
  readonly ranges: Array<string | undefined>;
  setBody(body: Buffer): void;
  close(): Promise<void>;
}

export async function startFileServer(options: FileServerOptions): Promise<FileServer> {
  let body = options.body;
  let cutsLeft = options.cutResponses ?? 0;
  let failuresLeft = options.failFirst ?? 0;
  const ranges: Array<string | undefined> = [];

  const server: Server = createServer((request: IncomingMessage, response) => {
    ranges.push(request.headers.range);
    if (request.url === '/missing') return void response.writeHead(404).end('not found');
    if (failuresLeft > 0) {
      failuresLeft--;
      return void response.writeHead(503).end('try later');
    }
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    let start = 0;
    if (match && !options.ignoreRange) {
      start = Number(match[1]);
      if (start >= body.length) {
        return void response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      }
      response.writeHead(206, {
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'content-length': body.length - start,
      });
    } else {
      response.writeHead(200, { 'content-length': body.length });
    }
    const slice = body.subarray(start);
    if (cutsLeft > 0) {
      cutsLeft--;
      // Half the bytes, flushed, then the connection dies: what a dropped mobile link looks like.
      response.write(slice.subarray(0, Math.floor(slice.length / 2)), () => response.destroy());
      return;
    }
    response.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path = '/models/tiny.gguf') => `http://127.0.0.1:${port}${path}`,
    ranges,
    setBody(next) {
      body = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens: connecting is refused, as on a machine with no route out. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
