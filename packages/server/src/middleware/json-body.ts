import { ErrorCode } from '@sitechat/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SitechatError } from '../http/errors.js';

export interface JsonBodyOptions {
  /** The largest body accepted, in bytes. Default 512 KiB. */
  maxBytes?: number;
}

export interface JsonBodyVariables {
  /** The parsed JSON body, not yet validated. */
  jsonBody: unknown;
}

/** `application/json`, with or without parameters such as `charset`. */
function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * The body's size as its `Content-Length` declares it, when that settles the limit: the runtime's HTTP parser
 * never passes on more bytes than declared. `undefined` for a chunked body, or a header that is not a plain
 * number: those are counted while they are read.
 */
function declaredLength(c: Context): number | undefined {
  const header = c.req.header('content-length');
  if (header === undefined || !/^\d+$/.test(header) || c.req.header('transfer-encoding') !== undefined) return undefined;
  return Number(header);
}

/**
 * Accept a JSON body only: 415 `unsupported_media_type` for any other content type, 413
 * `payload_too_large` past `maxBytes` (checked while reading when there is no Content-Length, so a chunked
 * body cannot exhaust memory), 400 `invalid_json` when it does not parse. The parsed value is
 * `c.get('jsonBody')`.
 * @example
 * app.post('/api/chat', jsonBody({ maxBytes: 64 * 1024 }), (c) => c.json(c.get('jsonBody')));
 */
export function jsonBody(options: JsonBodyOptions = {}): MiddlewareHandler<{ Variables: JsonBodyVariables }> {
  const maxBytes = options.maxBytes ?? 512 * 1024;
  const tooLarge = () => new SitechatError(413, ErrorCode.PayloadTooLarge, `The request is larger than ${maxBytes} bytes.`);
  // Only for bodies without a usable Content-Length: it reads the body as a web stream, counting as it goes.
  const countWhileReading = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  const parse = async (c: Context<{ Variables: JsonBodyVariables }>, next: () => Promise<void>) => {
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new SitechatError(400, ErrorCode.InvalidJson, 'The request body is not valid JSON.');
    }
    c.set('jsonBody', value);
    await next();
  };
  return async (c, next) => {
    if (!isJson(c.req.header('content-type'))) {
      throw new SitechatError(415, ErrorCode.UnsupportedMediaType, 'The request must be JSON (Content-Type: application/json).');
    }
    const length = declaredLength(c);
    if (length === undefined) return countWhileReading(c, () => parse(c, next));
    if (length > maxBytes) throw tooLarge();
    // Read in one piece: on Node this skips building a web Request and stream for the body (@hono/node-server).
    return parse(c, next);
  };
}
