import { ErrorCode } from '@sitechat/protocol';
import { z } from 'zod';
import type { LimitsConfig } from '../config/schema.js';
import type { ValidChatRequest } from '../chat/request-schema.js';
import { SitechatError } from '../http/errors.js';
import { formatIssues, problemText } from '../validation/format-issues.js';

const id = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(256, { error: 'must be at most 256 characters' });

const partSchema = z.object({ type: z.string({ error: 'must be a string' }), text: z.unknown().optional() }, { error: 'must be an object' });

const messageSchema = z.object(
  {
    id: id.optional(),
    role: z.string({ error: 'must be a string' }),
    parts: z.array(partSchema, { error: 'must be a list of parts' }),
  },
  { error: 'must be an object' },
);

/**
 * The chat request when the server keeps the history: the same AI SDK body, but only the last message is
 * used (the rest, forged or not, never reaches the model). `regenerate-message` may send no message at all.
 */
const storedChatRequestSchema = z.object(
  {
    id: id.optional(),
    messages: z.array(messageSchema, { error: 'must be a list of messages' }),
    trigger: z.enum(['submit-message', 'regenerate-message'], { error: 'must be "submit-message" or "regenerate-message"' }).optional(),
    messageId: id.optional(),
    /** Checked against the owner's `model.allowed` by the chat route. */
    model: z.string({ error: 'must be a string' }).max(256, { error: 'must be at most 256 characters' }).optional(),
  },
  { error: 'must be a JSON object' },
);

export interface StoredChatRequest extends ValidChatRequest {
  /** The visitor's new question (submit only); `turns` holds it too, for code that reads the request. */
  question: { id: string | undefined; text: string } | undefined;
}

const invalid = (message: string) => new SitechatError(400, ErrorCode.InvalidRequest, message);

/**
 * Validates a chat request for a server that keeps the history.
 * @throws SitechatError 400 `invalid_request`, `forbidden_role` or `message_too_long`.
 */
export function parseStoredChatRequest(body: unknown, limits: Pick<LimitsConfig, 'maxMessageChars'>): StoredChatRequest {
  const result = storedChatRequestSchema.safeParse(body);
  if (!result.success) {
    const problems = formatIssues(result.error.issues).slice(0, 3).map(problemText);
    throw invalid(`Invalid request: ${problems.join('; ')}.`);
  }
  const { messages } = result.data;
  const trigger = result.data.trigger ?? 'submit-message';
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system' || message.role === 'developer') {
      throw new SitechatError(
        400,
        ErrorCode.ForbiddenRole,
        `messages[${index}].role: "${message.role}" turns may not be sent; the server sets the instructions.`,
      );
    }
  }
  const base = {
    chatId: result.data.id,
    trigger,
    messageId: result.data.messageId,
    ...(result.data.model === undefined ? {} : { model: result.data.model }),
  };
  if (trigger === 'regenerate-message') return { ...base, turns: [], question: undefined };

  const last = messages.at(-1);
  if (last === undefined) throw invalid('Invalid request: messages: must contain the question.');
  if (last.role !== 'user') throw invalid('Invalid request: messages: the last message must be from the user.');
  let text = '';
  for (const [index, part] of last.parts.entries()) {
    if (part.type !== 'text') continue;
    if (typeof part.text !== 'string') throw invalid(`Invalid request: messages[${messages.length - 1}].parts[${index}].text: must be a string.`);
    text += part.text;
  }
  if (text.trim() === '') throw invalid('Invalid request: messages: the last message has no text.');
  if (text.length > limits.maxMessageChars) {
    throw new SitechatError(
      400,
      ErrorCode.MessageTooLong,
      `The message has ${text.length} characters; this server accepts at most ${limits.maxMessageChars} per message.`,
    );
  }
  return { ...base, turns: [{ role: 'user', text }], question: { id: last.id, text } };
}
