/** Moderation through the whole app, against the fake server's /v1/moderations (it flags "[flag]"). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, type Harness, message, postChat, readAllChunks, recordingLogger, startHarness } from '../__fixtures__/harness.js';
import type { SitechatConfigInput } from '../config/schema.js';
import { DEFAULTS } from '../config/defaults.js';
import { createOpenAIModerator } from '../providers/moderation.js';
import { checkModeration } from './check-moderation.js';
import type { ModerationEvent } from './moderation.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => {
  harness.model.reset();
  harness.logger.entries.length = 0;
});
afterAll(() => harness.close());

const chatCalls = () => harness.model.requests.filter((request) => request.path === '/v1/chat/completions');
const moderationCalls = () => harness.model.requests.filter((request) => request.path === '/v1/moderations');

function app(moderation: SitechatConfigInput['moderation']) {
  const events: ModerationEvent[] = [];
  let reported: () => void = () => {};
  const nextEvent = new Promise<void>((resolve) => (reported = resolve));
  const instance = harness.app({ moderation }, { onModeration: (event) => void (events.push(event), reported()) });
  return { app: instance, events, nextEvent };
}

describe('moderation', () => {
  it('off (the default): the moderation endpoint is never called', async () => {
    const response = await postChat(harness.app(), chatBody([message('user', 'hello [flag]')]));
    expect(answerText(await readAllChunks(response))).toBe('You said: hello [flag]');
    expect(moderationCalls()).toHaveLength(0);
  });

  it('input block: a flagged message gets a polite refusal as the answer and never reaches the model', async () => {
    const { app: instance, events } = app({ input: 'block' });
    const response = await postChat(instance, chatBody([message('user', 'something [flag] nasty')], { id: 'chat-m' }));
    expect(response.status).toBe(200);
    const chunks = await readAllChunks(response);
    expect(answerText(chunks)).toBe(DEFAULTS.moderation.refusalMessage);
    expect(chunks).toContainEqual({ type: 'finish', finishReason: 'content-filter' });
    expect(chatCalls()).toHaveLength(0);
    expect(moderationCalls()[0]?.body).toMatchObject({ model: 'omni-moderation-latest', input: ['something [flag] nasty'] });
    expect(moderationCalls()[0]?.headers.authorization).toMatch(/^Bearer sk-test-/);
    expect(events).toEqual([
      expect.objectContaining({ direction: 'input', action: 'blocked', categories: ['harassment'], text: 'something [flag] nasty', chatId: 'chat-m' }),
    ]);
    // The owner's log records that it happened, never what was said.
    expect(JSON.stringify(harness.logger.entries)).not.toContain('nasty');
  });

  it('input block: an earlier flagged turn the widget resends is left out of what the model sees', async () => {
    const { app: instance } = app({ input: 'block' });
    const history = [message('user', 'first [flag]'), message('assistant', 'refused'), message('user', 'a fair question')];
    const response = await postChat(instance, chatBody(history));
    expect(answerText(await readAllChunks(response))).toBe('You said: a fair question');
    const sent = chatCalls()[0]?.body.messages.map((turn: { content: string }) => turn.content);
    expect(sent.slice(1)).toEqual(['a fair question']);
  });

  it('input flag: the model answers, and the verdict goes to onModeration', async () => {
    const { app: instance, events, nextEvent } = app({ input: 'flag' });
    const response = await postChat(instance, chatBody([message('user', 'borderline [flag]')]));
    expect(answerText(await readAllChunks(response))).toBe('You said: borderline [flag]');
    await nextEvent;
    expect(events).toEqual([expect.objectContaining({ direction: 'input', action: 'flagged', text: 'borderline [flag]' })]);
  });

  it('on but unreachable: 503 moderation_unavailable and the model is not called (fail closed)', async () => {
    const { app: instance } = app({ input: 'block', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-moderation' });
    const response = await postChat(instance, chatBody([message('user', 'hello')]));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: 'moderation_unavailable', message: "The assistant can't check messages right now. Please try again in a moment.", retryable: true },
    });
    expect(chatCalls()).toHaveLength(0);
  });

  it('on but unreachable with failOpen: answered, and the owner is warned', async () => {
    const { app: instance } = app({ input: 'block', baseURL: 'http://127.0.0.1:9/v1', failOpen: true });
    const response = await postChat(instance, chatBody([message('user', 'hello')]));
    expect(answerText(await readAllChunks(response))).toBe('You said: hello');
    expect(harness.logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/moderation unavailable/) }));
  });

  it('output flag: the answer streams as usual, and a flagged one is recorded once complete', async () => {
    const { app: instance, events, nextEvent } = app({ output: 'flag' });
    harness.model.enqueue({ text: 'an answer with [flag] in it', chunkSize: 3, chunkDelayMs: 3 });
    const response = await postChat(instance, chatBody([message('user', 'hi')]));
    const chunks = await readAllChunks(response);
    expect(answerText(chunks)).toBe('an answer with [flag] in it');
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').length).toBeGreaterThan(3);
    await nextEvent;
    expect(events).toEqual([expect.objectContaining({ direction: 'output', action: 'flagged', text: 'an answer with [flag] in it' })]);
  });

  it('output block: the answer is held back and checked; a flagged one is replaced by the refusal', async () => {
    const { app: instance, events } = app({ output: 'block', refusalMessage: 'Sorry, no.' });
    harness.model.enqueue({ text: 'fine answer', chunkSize: 2 }, { text: 'bad [flag] answer', chunkSize: 2 });
    const fine = await readAllChunks(await postChat(instance, chatBody([message('user', 'one')])));
    expect(fine.filter((chunk) => chunk.type === 'text-delta')).toEqual([{ type: 'text-delta', id: 'text-0', delta: 'fine answer' }]);
    const bad = await readAllChunks(await postChat(instance, chatBody([message('user', 'two')])));
    expect(answerText(bad)).toBe('Sorry, no.');
    expect(bad).toContainEqual({ type: 'finish', finishReason: 'content-filter' });
    expect(JSON.stringify(bad)).not.toContain('bad [flag]');
    expect(events).toEqual([expect.objectContaining({ direction: 'output', action: 'blocked' })]);
  });

  it('output block, service unreachable: the held answer is never shown; 503 moderation_unavailable', async () => {
    const { app: instance } = app({ output: 'block', baseURL: 'http://127.0.0.1:9/v1' });
    harness.model.enqueue({ text: 'an unchecked answer', chunkSize: 4 });
    const response = await postChat(instance, chatBody([message('user', 'hi')]));
    // Nothing had been sent yet (the check took less than a heartbeat interval), so it is an HTTP error.
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(body).not.toContain('unchecked');
    expect(JSON.parse(body)).toEqual({ error: expect.objectContaining({ code: 'moderation_unavailable', retryable: true }) });
    expect(chatCalls()).toHaveLength(1);
    expect(harness.logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'moderation unavailable' }));
  });

  it('output block, service unreachable, failOpen: the answer goes out unchecked and the owner is warned', async () => {
    const { app: instance } = app({ output: 'block', baseURL: 'http://127.0.0.1:9/v1', failOpen: true });
    harness.model.enqueue({ text: 'an unchecked answer', chunkSize: 4 });
    const chunks = await readAllChunks(await postChat(instance, chatBody([message('user', 'hi')])));
    expect(answerText(chunks)).toBe('an unchecked answer');
    expect(chunks).toContainEqual({ type: 'finish', finishReason: 'stop' });
    expect(harness.logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/failOpen/) }));
  });
});

describe('checkModeration (start-up)', () => {
  it('warns when the service cannot be reached, and stays quiet when it can', async () => {
    const logger = recordingLogger();
    expect(await checkModeration(createOpenAIModerator({ baseURL: harness.model.url }), logger)).toBe(true);
    expect(await checkModeration(createOpenAIModerator({ baseURL: 'http://127.0.0.1:9/v1' }), logger)).toBe(false);
    expect(logger.entries).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringMatching(/moderation_unavailable/) })]);
  });
});
