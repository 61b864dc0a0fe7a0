/**
 * Interop: the real `ai` package (the AI SDK) on the client side reads our stream, and what its
 * `DefaultChatTransport` sends is what our server accepts. If these pass, an AI SDK `useChat` front end can
 * use a Sitechat server.
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SECRET_MESSAGE, SECRET_STRINGS, startHarness } from './__fixtures__/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness.model.reset());
afterAll(() => harness.close());

function transportFor(app: ReturnType<Harness['app']>) {
  const sent: unknown[] = [];
  const transport = new DefaultChatTransport<UIMessage>({
    api: '/api/chat',
    fetch: async (input, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return app.request(String(input), init);
    },
  });
  return { transport, sent };
}

const question: UIMessage = { id: 'q1', role: 'user', parts: [{ type: 'text', text: 'Do you bake sourdough?' }] };

async function lastMessage(stream: ReadableStream<never>, onError?: (error: unknown) => void): Promise<UIMessage | undefined> {
  let last: UIMessage | undefined;
  for await (const snapshot of readUIMessageStream<UIMessage>({ stream, ...(onError ? { onError } : {}) })) last = snapshot;
  return last;
}

describe('the AI SDK client and a Sitechat server', () => {
  it('DefaultChatTransport\'s request is accepted and readUIMessageStream rebuilds the full answer', async () => {
    const answer = 'Yes! Sourdough every day — from 7:00. 🍞';
    harness.model.enqueue({ text: answer, chunkSize: 2 });
    const { transport, sent } = transportFor(harness.app({}, { generateId: () => 'answer-42' }));

    const stream = await transport.sendMessages({
      trigger: 'submit-message',
      chatId: 'chat-7',
      messageId: undefined,
      messages: [question],
      abortSignal: undefined,
    });
    const message = await lastMessage(stream as ReadableStream<never>);

    expect(sent[0]).toMatchObject({ id: 'chat-7', trigger: 'submit-message', messages: [question] });
    expect(harness.model.requests[0]?.body.messages.at(-1)).toEqual({ role: 'user', content: 'Do you bake sourdough?' });
    expect(message?.id).toBe('answer-42');
    expect(message?.role).toBe('assistant');
    const textParts = message?.parts.filter((part) => part.type === 'text');
    expect(textParts).toEqual([expect.objectContaining({ type: 'text', text: answer, state: 'done' })]);
  });

  it('regenerate-message requests with an earlier answer are accepted', async () => {
    const { transport } = transportFor(harness.app());
    const history: UIMessage[] = [
      question,
      { id: 'a1', role: 'assistant', parts: [{ type: 'step-start' }, { type: 'text', text: 'Yes.', state: 'done' }] },
      { id: 'q2', role: 'user', parts: [{ type: 'text', text: 'Rye too?' }] },
    ];
    const stream = await transport.sendMessages({
      trigger: 'regenerate-message',
      chatId: 'chat-7',
      messageId: 'a2',
      messages: history,
      abortSignal: undefined,
    });
    const message = await lastMessage(stream as ReadableStream<never>);
    expect(message?.parts.find((part) => part.type === 'text')).toMatchObject({ text: 'You said: Rye too?' });
  });

  it('a mid-stream failure reaches the AI SDK as an error, and the partial answer is kept', async () => {
    harness.model.enqueue({ text: 'abcdefghijklmnop', chunkSize: 4, dropAfterDeltas: 2 });
    const { transport } = transportFor(harness.app());
    const stream = await transport.sendMessages({
      trigger: 'submit-message',
      chatId: 'c',
      messageId: undefined,
      messages: [question],
      abortSignal: undefined,
    });
    const errors: unknown[] = [];
    const message = await lastMessage(stream as ReadableStream<never>, (error) => errors.push(error));
    expect(message?.parts.find((part) => part.type === 'text')).toMatchObject({ text: 'abcdefgh' });
    expect(errors.map((error) => (error as Error).message)).toContain('The answer was interrupted. Please try again.');
  });

  it('a refused request rejects sendMessages with our message, not the upstream\'s', async () => {
    harness.model.enqueue({ error: { status: 429, message: SECRET_MESSAGE, headers: { 'retry-after': '5' } } });
    const { transport } = transportFor(harness.app());
    const failure = await transport
      .sendMessages({ trigger: 'submit-message', chatId: 'c', messageId: undefined, messages: [question], abortSignal: undefined })
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(failure).toBeInstanceOf(Error);
    const text = `${failure?.message} ${JSON.stringify(failure)}`;
    expect(text).toContain('The assistant is busy right now.');
    for (const secret of SECRET_STRINGS) expect(text).not.toContain(secret);
  });
});
