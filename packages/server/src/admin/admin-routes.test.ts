/**
 * `/admin` through `app.request()`: off without a token, login by token, what the pages and the JSON API
 * show, the downloads, and the headers that keep the pages safe. (The page in a real browser:
 * packages/e2e/src/data-loop.e2e.test.ts.)
 */
import type { ConversationStore } from '@sitechat/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../__fixtures__/harness.js';
import { ask, send, userMessage, VISITOR_A, VISITOR_B } from '../conversations/__fixtures__/requests.js';
import { engines, type TestStore } from '../conversations/__fixtures__/stores.js';

const TOKEN = 'admin-token-0123456789abcdef';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

async function login(app: ReturnType<Harness['app']>, token = TOKEN): Promise<Response> {
  return app.request('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ token }).toString(),
  });
}

describe.each(engines)('/admin ($name)', (engine) => {
  let opened: TestStore;
  let store: ConversationStore;
  let app: ReturnType<Harness['app']>;
  let cookie: string;

  beforeEach(async () => {
    opened = await engine.open();
    store = opened.store;
    let ids = 0;
    app = harness.app({ admin: { token: TOKEN }, systemPrompt: 'You are the Test Bakery assistant.' }, { store, generateId: () => `answer-${++ids}` });
    const response = await login(app);
    cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  });
  afterEach(async () => {
    harness.model.reset();
    await opened.dispose();
  });

  const get = (path: string, headers: Record<string, string> = { cookie }) => app.request(path, { headers });

  /** Two conversations: one with a regenerate, a thumbs-down with a comment, a thumbs-up and a comparison. */
  async function seed(): Promise<void> {
    harness.model.enqueue({ text: 'Try the rye.' }, { text: 'The rye is hearty; the spelt is lighter.' }, { text: 'Yes.' });
    await ask(app, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', 'Which bread? <b>bold</b>')] });
    await ask(app, VISITOR_A, { id: 'chat-1', messages: [], trigger: 'regenerate-message' });
    await send(app, 'POST', '/api/feedback', VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-1', rating: 'down', comment: 'Too short' });
    await send(app, 'POST', '/api/feedback', VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-2', rating: 'up' });
    await send(app, 'POST', '/api/comparisons', VISITOR_A, { conversationId: 'chat-1', parentId: 'q1', answerA: 'answer-1', answerB: 'answer-2', preferred: 'b' });
    await ask(app, VISITOR_B, { id: 'chat-2', messages: [userMessage('q2', 'Open on Sunday?')] });
    await store.setModeration('chat-2', { reason: 'test flag', categories: ['harassment'] });
  }

  it('asks for the token, and refuses a wrong one', async () => {
    const page = await get('/admin', {});
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
    const form = await get('/admin/login', {});
    expect(await form.text()).toContain('name="token" type="password"');

    const wrong = await login(app, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('That is not the admin token.');
    expect((await get('/admin/api/stats', {})).status).toBe(401);
    expect((await (await get('/admin/api/stats', {})).json()).error.code).toBe('unauthorized');
  });

  it('logs in with an HttpOnly, SameSite=Strict session cookie that does not contain the token', async () => {
    const response = await login(app);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin');
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sitechat_admin=v1\.\d+\.[\w-]+; Max-Age=43200; Path=\/admin; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(TOKEN);
    expect((await get('/admin')).status).toBe(200);

    const logout = await app.request('/admin/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('set-cookie')).toMatch(/^sitechat_admin=; Max-Age=0; Path=\/admin/);
  });

  it('refuses a login form posted from another site', async () => {
    const response = await app.request('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ token: TOKEN }).toString(),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('serves pages without scripts under a strict Content-Security-Policy', async () => {
    const response = await get('/admin');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const text = await response.text();
    expect(text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(text).toContain('href="/admin/admin.css"');
    const css = await get('/admin/admin.css', {});
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('shows totals, the conversations with their filters, and escapes what visitors wrote', async () => {
    await seed();
    const text = await (await get('/admin')).text();
    expect(text).toMatch(/data-stat="conversations"><dt>Conversations<\/dt><dd>2<\/dd>/);
    expect(text).toMatch(/data-stat="answers"><dt>Answers<\/dt><dd>3<\/dd>/);
    expect(text).toMatch(/data-stat="up-ratio"><dt>Up ratio<\/dt><dd>50%<\/dd>/);
    expect(text).toContain('Which bread? &lt;b&gt;bold&lt;/b&gt;');
    expect(text).not.toContain('<b>bold</b>');

    const ids = async (query: string) =>
      [...(await (await get(`/admin${query}`)).text()).matchAll(/data-conversation-id="([^"]+)"/g)].map((match) => match[1]);
    expect(await ids('')).toEqual(['chat-2', 'chat-1']);
    expect(await ids('?rating=down')).toEqual(['chat-1']);
    expect(await ids('?rating=up')).toEqual(['chat-1']);
    expect(await ids('?hasComment=1')).toEqual(['chat-1']);
    expect(await ids('?flagged=yes')).toEqual(['chat-2']);
    expect(await ids('?flagged=no')).toEqual(['chat-1']);
    expect(await ids('?from=2000-01-01&to=2000-01-31')).toEqual([]);
    expect(await (await get('/admin?from=someday')).text()).toContain('&quot;someday&quot; is not a date');
  });

  it('shows a whole thread: alternatives, feedback, comparisons, moderation', async () => {
    await seed();
    const text = await (await get('/admin/conversations/chat-1')).text();
    expect(text).toContain('Answer 1 of 2');
    expect(text).toContain('Answer 2 of 2');
    expect(text).toContain('Try the rye.');
    expect(text).toContain('The rye is hearty; the spelt is lighter.');
    expect(text).toMatch(/data-feedback="down">[\s\S]*thumbs down[\s\S]*<q>Too short<\/q>/);
    expect(text).toContain('answer 2 preferred over answer 1');
    expect(await (await get('/admin/conversations/chat-2')).text()).toContain('test flag');
    expect((await get('/admin/conversations/nope')).status).toBe(404);
  });

  it('marks edited-away questions and their answers in words, and keeps them', async () => {
    harness.model.enqueue({ text: 'Try the rye.' }, { text: 'Butter, please.' }, { text: 'The carrot cake.' });
    await ask(app, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', 'Which bread?')] });
    await ask(app, VISITOR_A, { id: 'chat-1', messages: [userMessage('q2', 'With what?')] });
    // An edit of the first question (a known id, new text): the second is left on the old branch.
    await ask(app, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', 'Which cake?')], messageId: 'q1' });

    const text = await (await get('/admin/conversations/chat-1')).text();
    const turns = text.split('<article').slice(1);
    const standing = (turn: string) => /data-standing="([^"]+)"/.exec(turn)?.[1];
    expect(turns.map(standing)).toEqual(['edited-away', 'after-edit', 'edit']);
    const [original, following, edit] = turns as [string, string, string];
    expect(original).toContain('Which bread?');
    expect(original).toContain('Try the rye.');
    expect(original).toMatch(/edited away<\/span>\s*<span class="muted">The visitor edited this question; the model no longer sees it or its answers\./);
    expect(following).toContain('Butter, please.');
    expect(following).toContain('Asked after a question the visitor later edited');
    // Only the branch the model sees has an answer "in the history".
    expect(original).not.toContain('in the history');
    expect(following).not.toContain('in the history');
    expect(edit).toMatch(/>edited<\/span>[\s\S]*Which cake\?[\s\S]*in the history[\s\S]*The carrot cake\./);
    expect(edit).not.toContain('edited away');
  });

  it('answers the JSON API with a session or the bearer token', async () => {
    await seed();
    const bearer = { authorization: `Bearer ${TOKEN}` };
    expect(await (await get('/admin/api/stats', bearer)).json()).toMatchObject({ conversations: 2, answers: 3, thumbsUp: 1, thumbsDown: 1 });
    const list = await (await get('/admin/api/conversations?rating=down', bearer)).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual(['chat-1']);
    const transcript = await (await get('/admin/api/conversations/chat-1')).json();
    expect(transcript.turns[0].answers).toHaveLength(2);
    expect((await get('/admin/api/conversations?from=nope')).status).toBe(400);
    expect((await get('/admin/api/stats', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
  });

  it('downloads both exports as JSONL files', async () => {
    await seed();
    const sft = await get('/admin/api/export/sft?systemPrompt=1');
    expect(sft.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    expect(sft.headers.get('content-disposition')).toMatch(/^attachment; filename="sitechat-sft-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    expect(await sft.text()).toBe(
      `${JSON.stringify({
        messages: [
          { role: 'system', content: 'You are the Test Bakery assistant.' },
          { role: 'user', content: 'Which bread? <b>bold</b>' },
          { role: 'assistant', content: 'The rye is hearty; the spelt is lighter.', weight: 1 },
        ],
      })}\n`,
    );
    const preference = await (await get('/admin/api/export/preference')).text();
    expect(preference.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      {
        input: { messages: [{ role: 'user', content: 'Which bread? <b>bold</b>' }] },
        preferred_output: [{ role: 'assistant', content: 'The rye is hearty; the spelt is lighter.' }],
        non_preferred_output: [{ role: 'assistant', content: 'Try the rye.' }],
      },
    ]);
    expect((await get('/admin/api/export/sft?minRating=9')).status).toBe(400);
    expect((await get('/admin/api/export/dpo')).status).toBe(404);
    expect((await get('/admin/api/export/sft', {})).status).toBe(401);
  });
});

describe('/admin switched off', () => {
  it('is not served without an admin token, nor without a store', async () => {
    const opened = await engines[0]!.open();
    try {
      const withoutToken = harness.app({}, { store: opened.store });
      expect((await withoutToken.request('/admin')).status).toBe(404);
      expect((await withoutToken.request('/admin/login', { method: 'POST' })).status).toBe(404);
      const withoutStore = harness.app({ admin: { token: TOKEN } });
      expect((await withoutStore.request('/admin')).status).toBe(404);
    } finally {
      await opened.dispose();
    }
  });

  it('refuses a short admin token at start', () => {
    expect(() => harness.app({ admin: { token: 'short' } })).toThrow(/admin\.token: must be at least 16 characters/);
  });
});
