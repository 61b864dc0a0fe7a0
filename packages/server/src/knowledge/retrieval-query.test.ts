import { describe, expect, it } from 'vitest';
import type { ChatTurn } from '../chat/request-schema.js';
import { retrievalQuery } from './retrieval-query.js';

const conversation = (...texts: string[]): ChatTurn[] =>
  texts.map((text, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', text }));

describe('retrievalQuery', () => {
  it('searches a first question as it is', () => {
    expect(retrievalQuery(conversation('Do you ship to Canada?'))).toBe('Do you ship to Canada?');
  });

  it.each([
    ['a short follow-up', 'And to Canada?'],
    ['a short one in another language', 'Y a Canadá?'],
    ['a continuation', 'What about orders over fifty dollars in total?'],
    ['a question that points back', 'How long does it usually take to arrive?'],
  ])('reads %s with the previous question', (_, followUp) => {
    const turns = conversation('Do you ship to the UK?', 'Yes, in 5-8 days.', followUp);
    expect(retrievalQuery(turns)).toBe(`Do you ship to the UK?\n${followUp}`);
  });

  it('leaves a new, self-contained question alone', () => {
    const turns = conversation('Do you ship to the UK?', 'Yes.', 'Which grinder is best for espresso at home?');
    expect(retrievalQuery(turns)).toBe('Which grinder is best for espresso at home?');
  });

  it('does not read a long question with the previous one just because it says "it"', () => {
    const question = 'Is it possible to return an opened bag of coffee beans that I bought as a present for a friend?';
    expect(retrievalQuery(conversation('Do you ship to the UK?', 'Yes.', question))).toBe(question);
  });

  it('uses the visitor’s turns only, never the assistant’s answer, and cuts a long previous question', () => {
    const long = `Tell me about shipping ${'and more '.repeat(100)}`;
    const query = retrievalQuery(conversation(long, 'A long answer about rates and customs.', 'And Canada?'));
    expect(query).not.toContain('customs');
    expect(query.split('\n')[0]!.length).toBe(500);
  });
});
