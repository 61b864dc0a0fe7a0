/**
 * The two published fine-tuning formats, as types and as validators. Every line an export writes is
 * checked first, so a file we produce never fails the provider's upload check half an hour into a job.
 *
 * - Supervised (chat) format: https://platform.openai.com/docs/guides/supervised-fine-tuning, with the
 *   checks of OpenAI's "data preparation and analysis for chat model fine-tuning" cookbook.
 * - Preference (DPO) format: https://platform.openai.com/docs/guides/direct-preference-optimization.
 */

export interface SftMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Assistant messages only: 1 trains on it, 0 keeps it as context. */
  weight?: 0 | 1;
}

export interface SftExample {
  messages: SftMessage[];
}

export interface PreferenceMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

export interface PreferenceExample {
  input: { messages: PreferenceMessage[] };
  preferred_output: [{ role: 'assistant'; content: string }];
  non_preferred_output: [{ role: 'assistant'; content: string }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, problems: string[]) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${path}${path ? '.' : ''}${key}: unrecognized key`);
  }
}

function checkMessage(message: unknown, path: string, roles: readonly string[], problems: string[]): void {
  if (!isRecord(message)) {
    problems.push(`${path}: must be an object`);
    return;
  }
  unknownKeys(message, ['role', 'content', 'name', 'weight'], path, problems);
  if (typeof message.role !== 'string' || !roles.includes(message.role)) {
    problems.push(`${path}.role: must be one of ${roles.join(', ')}`);
  }
  if (typeof message.content !== 'string' || message.content.trim() === '') {
    problems.push(`${path}.content: must be a non-empty string`);
  }
  if (message.name !== undefined && typeof message.name !== 'string') problems.push(`${path}.name: must be a string`);
}

/** Problems that would make the provider reject this supervised example; `[]` when it is valid. */
export function validateSftExample(example: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(example)) return ['example: must be a JSON object'];
  unknownKeys(example, ['messages'], '', problems);
  const messages = example.messages;
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'messages: must be a non-empty array'];
  let trainable = 0;
  messages.forEach((message: unknown, index) => {
    const path = `messages[${index}]`;
    checkMessage(message, path, ['system', 'user', 'assistant'], problems);
    if (!isRecord(message)) return;
    if (message.weight !== undefined) {
      if (message.role !== 'assistant') problems.push(`${path}.weight: only assistant messages carry a weight`);
      else if (message.weight !== 0 && message.weight !== 1) problems.push(`${path}.weight: must be 0 or 1`);
    }
    if (message.role === 'assistant' && message.weight !== 0) trainable += 1;
  });
  if (!messages.some((message: unknown) => isRecord(message) && message.role === 'assistant')) {
    problems.push('messages: must contain an assistant message');
  } else if (trainable === 0) {
    problems.push('messages: every assistant message has weight 0, so there is nothing to train on');
  }
  return problems;
}

function checkOutput(value: unknown, path: string, problems: string[]): void {
  if (!Array.isArray(value) || value.length !== 1) {
    problems.push(`${path}: must be an array of exactly one assistant message`);
    return;
  }
  const message: unknown = value[0];
  checkMessage(message, `${path}[0]`, ['assistant'], problems);
  if (isRecord(message) && message.weight !== undefined) problems.push(`${path}[0].weight: unrecognized key`);
}

/** Problems that would make the provider reject this preference example; `[]` when it is valid. */
export function validatePreferenceExample(example: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(example)) return ['example: must be a JSON object'];
  unknownKeys(example, ['input', 'preferred_output', 'non_preferred_output'], '', problems);
  const input = example.input;
  if (!isRecord(input)) {
    problems.push('input: must be an object with messages');
  } else {
    unknownKeys(input, ['messages', 'tools', 'parallel_tool_calls'], 'input', problems);
    if (input.tools !== undefined && !Array.isArray(input.tools)) problems.push('input.tools: must be an array');
    if (input.parallel_tool_calls !== undefined && typeof input.parallel_tool_calls !== 'boolean') {
      problems.push('input.parallel_tool_calls: must be a boolean');
    }
    const messages = input.messages;
    if (!Array.isArray(messages) || messages.length === 0) {
      problems.push('input.messages: must be a non-empty array');
    } else {
      messages.forEach((message: unknown, index) => {
        checkMessage(message, `input.messages[${index}]`, ['system', 'developer', 'user', 'assistant'], problems);
        if (isRecord(message) && message.weight !== undefined) {
          problems.push(`input.messages[${index}].weight: unrecognized key`);
        }
      });
      const last: unknown = messages[messages.length - 1];
      // The outputs are the answer to the prompt, so the prompt must end with what they answer.
      if (isRecord(last) && last.role !== 'user') problems.push('input.messages: the last message must be a user message');
    }
  }
  checkOutput(example.preferred_output, 'preferred_output', problems);
  checkOutput(example.non_preferred_output, 'non_preferred_output', problems);
  const preferred = (example.preferred_output as { content?: unknown }[] | undefined)?.[0]?.content;
  const nonPreferred = (example.non_preferred_output as { content?: unknown }[] | undefined)?.[0]?.content;
  if (typeof preferred === 'string' && preferred === nonPreferred) {
    problems.push('preferred_output and non_preferred_output are identical');
  }
  return problems;
}
