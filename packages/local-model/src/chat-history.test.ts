import { describe, expect, it } from 'vitest';
import { toChatHistory } from './chat-history.ts';

describe('toChatHistory', () => {
  it('maps roles one to one and opens a model turn to generate into', () => {
    expect(
      toChatHistory([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Opening hours?' },
      ]),
    ).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'Hi' },
      { type: 'model', response: ['Hello!'] },
      { type: 'user', text: 'Opening hours?' },
      { type: 'model', response: [] },
    ]);
  });

  it('continues a trailing assistant turn instead of starting a new one', () => {
    expect(toChatHistory([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel' }]).at(-1)).toEqual({
      type: 'model',
      response: ['Hel'],
    });
  });

  it('refuses an empty conversation and unknown roles', () => {
    expect(() => toChatHistory([])).toThrow(/at least one message/);
    expect(() => toChatHistory([{ role: 'tool' as 'user', content: 'x' }])).toThrow(/Unknown message role: tool/);
  });
});
