import { describe, expect, it } from 'vitest';
import { messageText } from './messages.js';

describe('messageText', () => {
  it('joins text parts and ignores other parts', () => {
    expect(
      messageText({
        parts: [
          { type: 'text', text: 'Hello ' },
          { type: 'source-url', sourceId: 's', url: 'https://example.com' },
          { type: 'text', text: 'world' },
        ],
      }),
    ).toBe('Hello world');
  });
});
