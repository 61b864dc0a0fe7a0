import { describe, expect, it } from 'vitest';
import { createSession, isAdminToken, isValidSession, SESSION_MAX_AGE_SECONDS, timingSafeEqual } from './admin-session.js';

const TOKEN = 'admin-token-0123456789abcdef';

describe('admin session', () => {
  it('recognises the token and nothing else', async () => {
    expect(await isAdminToken(TOKEN, TOKEN)).toBe(true);
    for (const wrong of ['', 'admin', `${TOKEN} `, TOKEN.toUpperCase(), `${TOKEN}x`]) expect(await isAdminToken(wrong, TOKEN), wrong).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });

  it('issues sessions that do not contain the token, expire, and end when the token changes', async () => {
    const now = Date.parse('2025-03-01T09:00:00Z');
    const session = await createSession(TOKEN, now);
    expect(session).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(session).not.toContain(TOKEN);
    expect(await isValidSession(session, TOKEN, now + 1000)).toBe(true);
    expect(await isValidSession(session, TOKEN, now + SESSION_MAX_AGE_SECONDS * 1000 + 1)).toBe(false);
    expect(await isValidSession(session, 'another-token-0123456789', now)).toBe(false);
    const [version, issuedAt, mac] = session.split('.');
    expect(await isValidSession(`${version}.${Number(issuedAt) + 1}.${mac}`, TOKEN, now)).toBe(false);
    expect(await isValidSession(undefined, TOKEN, now)).toBe(false);
    expect(await isValidSession('v1.abc.def', TOKEN, now)).toBe(false);
  });
});
