import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './request-schema.js';

const limits = { maxMessages: 10, maxMessageChars: 100, maxConversationChars: 1000 };

describe('parseChatRequest', () => {
  it('keeps user and assistant text only, joining text parts and ignoring the rest', () => {
    const request = parseChatRequest(
      {
        id: 'c1',
        trigger: 'regenerate-message',
        messageId: 'a9',
        messages: [
          { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'there' }] },
          { id: 'a1', role: 'assistant', parts: [{ type: 'reasoning', text: 'secret thoughts' }, { type: 'text', text: 'Hi' }] },
          { id: 'u2', role: 'user', parts: [{ type: 'source-url', sourceId: 's', url: 'https://x' }, { type: 'text', text: 'Q' }] },
        ],
      },
      limits,
    );
    expect(request).toEqual({
      chatId: 'c1',
      trigger: 'regenerate-message',
      messageId: 'a9',
      turns: [
        { role: 'user', text: 'Hello there' },
        { role: 'assistant', text: 'Hi' },
        { role: 'user', text: 'Q' },
      ],
    });
  });

  it('defaults the trigger to submit-message', () => {
    const request = parseChatRequest({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] }, limits);
    expect(request.trigger).toBe('submit-message');
  });
});
