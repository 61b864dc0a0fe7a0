import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  RateLimitError,
} from 'openai';
import { describe, expect, it } from 'vitest';
import { ProviderError, toProviderError } from './errors.js';

const SECRET = 'UPSTREAM-SECRET-TEXT';
const headers = (extra: Record<string, string> = {}) => new Headers({ 'openai-organization': 'org-SECRET', ...extra });
const body = { message: SECRET, type: 'server_error' };

function mapped(error: unknown, started = false) {
  const failure = toProviderError(error, { started });
  return { code: failure.code, retryable: failure.retryable, retryAfter: failure.retryAfter, status: failure.upstreamStatus };
}

describe('toProviderError', () => {
  it('maps statuses to our codes with a retryable flag', () => {
    expect(mapped(new RateLimitError(429, body, undefined, headers({ 'retry-after': '7' })))).toEqual({
      code: 'upstream_rate_limited',
      retryable: true,
      retryAfter: '7',
      status: 429,
    });
    expect(mapped(new AuthenticationError(401, body, undefined, headers()))).toMatchObject({ code: 'upstream_auth', retryable: false });
    expect(mapped(APIError.generate(403, { error: body }, undefined, headers()))).toMatchObject({ code: 'upstream_auth', retryable: false });
    expect(mapped(new InternalServerError(500, body, undefined, headers()))).toMatchObject({ code: 'upstream_error', retryable: true });
    expect(mapped(APIError.generate(400, { error: body }, undefined, headers()))).toMatchObject({ code: 'upstream_error', retryable: false });
    expect(mapped(APIError.generate(408, { error: body }, undefined, headers()))).toMatchObject({ code: 'upstream_timeout', retryable: true });
  });

  it('keeps only a well-formed Retry-After, and converts retry-after-ms', () => {
    const rateLimited = (extra: Record<string, string>) => new RateLimitError(429, body, undefined, headers(extra));
    expect(mapped(rateLimited({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).retryAfter).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(mapped(rateLimited({ 'retry-after': 'soon' })).retryAfter).toBeUndefined();
    expect(mapped(rateLimited({ 'retry-after-ms': '1500' })).retryAfter).toBe('2');
  });

  it('tells timeouts, connection failures and aborts apart', () => {
    expect(mapped(new APIConnectionTimeoutError())).toMatchObject({ code: 'upstream_timeout', retryable: true });
    expect(mapped(new APIConnectionError({ message: SECRET }))).toMatchObject({ code: 'upstream_error', retryable: true });
    expect(mapped(new APIConnectionError({ message: SECRET }), true)).toMatchObject({ code: 'stream_interrupted' });
    expect(mapped(new TypeError('terminated'), true)).toMatchObject({ code: 'stream_interrupted', retryable: true });
    expect(mapped(new SyntaxError('bad JSON'), true)).toMatchObject({ code: 'upstream_error' });
    expect(mapped(new APIUserAbortError())).toMatchObject({ code: 'abort', retryable: false });
    const controller = new AbortController();
    controller.abort();
    expect(toProviderError(new TypeError('anything'), { signal: controller.signal, started: true }).code).toBe('abort');
  });

  it('an error event inside the stream (no status) is a retryable upstream_error', () => {
    expect(mapped(new APIError(undefined, body, undefined, headers()), true)).toMatchObject({ code: 'upstream_error', retryable: true });
  });

  it('keeps no upstream text, headers or cause', () => {
    const failure = toProviderError(new RateLimitError(429, body, undefined, headers({ 'retry-after': '1' })), { started: false });
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure.message).toBe('upstream_rate_limited (upstream status 429)');
    expect(failure.cause).toBeUndefined();
    expect(JSON.stringify({ ...failure, message: failure.message, stack: failure.stack })).not.toMatch(/SECRET/);
  });
});
