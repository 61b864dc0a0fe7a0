import { describe, expect, it } from 'vitest';
import { validatePreferenceExample, validateSftExample } from './format.ts';

describe('validateSftExample', () => {
  it('accepts a chat example with weights on assistant turns', () => {
    expect(
      validateSftExample({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello', weight: 0 },
          { role: 'user', content: 'Price?' },
          { role: 'assistant', content: '12 EUR', weight: 1 },
        ],
      }),
    ).toEqual([]);
    expect(validateSftExample({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Yo' }] })).toEqual(
      [],
    );
  });

  it.each([
    [[], 'example: must be a JSON object'],
    [{ messages: [] }, 'messages: must be a non-empty array'],
    [{ messages: [{ role: 'user', content: 'Hi' }] }, 'messages: must contain an assistant message'],
    [
      { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Yo', weight: 0 }] },
      'messages: every assistant message has weight 0, so there is nothing to train on',
    ],
    [
      { messages: [{ role: 'user', content: 'Hi', weight: 1 }, { role: 'assistant', content: 'Yo' }] },
      'messages[0].weight: only assistant messages carry a weight',
    ],
    [
      { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Yo', weight: 0.5 }] },
      'messages[1].weight: must be 0 or 1',
    ],
    [
      { messages: [{ role: 'tool', content: 'Hi' }, { role: 'assistant', content: 'Yo' }] },
      'messages[0].role: must be one of system, user, assistant',
    ],
    [
      { messages: [{ role: 'user', content: ' ' }, { role: 'assistant', content: 'Yo' }] },
      'messages[0].content: must be a non-empty string',
    ],
    [
      { messages: [{ role: 'user', content: 'Hi', extra: 1 }, { role: 'assistant', content: 'Yo' }] },
      'messages[0].extra: unrecognized key',
    ],
    [{ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Yo' }], id: 3 }, 'id: unrecognized key'],
  ])('reports %j', (example, problem) => {
    expect(validateSftExample(example)).toContain(problem);
  });
});

describe('validatePreferenceExample', () => {
  const valid = {
    input: { messages: [{ role: 'user', content: 'Which shoe?' }] },
    preferred_output: [{ role: 'assistant', content: 'The Swift 2.' }],
    non_preferred_output: [{ role: 'assistant', content: 'Any.' }],
  };

  it('accepts the published shape, with optional tools', () => {
    expect(validatePreferenceExample(valid)).toEqual([]);
    expect(validatePreferenceExample({ ...valid, input: { ...valid.input, tools: [], parallel_tool_calls: true } })).toEqual(
      [],
    );
  });

  it.each([
    [{ ...valid, input: { messages: [] } }, 'input.messages: must be a non-empty array'],
    [
      { ...valid, input: { messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }] } },
      'input.messages: the last message must be a user message',
    ],
    [{ ...valid, preferred_output: [] }, 'preferred_output: must be an array of exactly one assistant message'],
    [
      { ...valid, non_preferred_output: [{ role: 'user', content: 'x' }] },
      'non_preferred_output[0].role: must be one of assistant',
    ],
    [
      { ...valid, non_preferred_output: valid.preferred_output },
      'preferred_output and non_preferred_output are identical',
    ],
    [{ ...valid, rejected_response: 'x' }, 'rejected_response: unrecognized key'],
    [{ input: valid.input, preferred_output: valid.preferred_output }, 'non_preferred_output: must be an array of exactly one assistant message'],
  ])('reports %j', (example, problem) => {
    expect(validatePreferenceExample(example)).toContain(problem);
  });
});
