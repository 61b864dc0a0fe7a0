import { ErrorCode } from '@sitechat/protocol';
import { z } from 'zod';
import type { LimitsConfig } from '../config/schema.js';
import { SitechatError } from '../http/errors.js';
import { formatIssues, problemText } from '../validation/format-issues.js';

const id = z.string({ error: 'must be a string' }).max(256, { error: 'must be at most 256 characters' });

/** A message part. Only text parts reach the model; other part types are accepted and ignored. */
const partSchema = z
  .object({ type: z.string({ error: 'must be a string' }), text: z.unknown().optional() }, { error: 'must be an object' })
  .superRefine((part, context) => {
    if (part.type === 'text' && typeof part.text !== 'string') {
      context.addIssue({ code: 'custom', path: ['text'], message: 'must be a string' });
    }
  });

const messageSchema = z.object(
  {
    id: id.optional(),
    // `system` and `developer` are parsed so that they can be refused with their own code.
    role: z.enum(['user', 'assistant', 'system', 'developer'], { error: 'must be "user" or "assistant"' }),
    parts: z.array(partSchema, { error: 'must be a list of parts' }),
  },
  { error: 'must be an object' },
);

/**
 * What `POST /api/chat` accepts: the AI SDK `DefaultChatTransport` body. `z.object` drops every field it
 * does not name, at every level, so `model`, `system`, `temperature` or anything else a client adds never
 * gets further than this schema.
 */
export const chatRequestSchema = z.object(
  {
    id: id.optional(),
    messages: z
      .array(messageSchema, { error: 'must be a list of messages' })
      .min(1, { error: 'must contain at least one message' }),
    trigger: z.enum(['submit-message', 'regenerate-message'], { error: 'must be "submit-message" or "regenerate-message"' }).optional(),
    messageId: id.optional(),
    /** A model the owner allows the widget to choose (`model.allowed`); anything else is refused later. */
    model: z.string({ error: 'must be a string' }).max(256, { error: 'must be at most 256 characters' }).optional(),
  },
  { error: 'must be a JSON object' },
);

/** A turn the model may see: a visitor's question or an earlier answer, as plain text. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface ValidChatRequest {
  chatId: string | undefined;
  trigger: 'submit-message' | 'regenerate-message';
  messageId: string | undefined;
  /** The model the widget asked for, not yet checked against `model.allowed`; absent when none. */
  model?: string;
  turns: ChatTurn[];
}

type Limits = Pick<LimitsConfig, 'maxMessages' | 'maxMessageChars' | 'maxConversationChars'>;

function textOf(parts: ReadonlyArray<{ type: string; text?: unknown }>): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text as string;
  return text;
}

const invalid = (message: string) => new SitechatError(400, ErrorCode.InvalidRequest, message);

/**
 * Validate a parsed chat request body and enforce the owner's limits.
 * @throws SitechatError 400 with `invalid_request` (naming the field), `forbidden_role`,
 * `too_many_messages` or `message_too_long`.
 */
export function parseChatRequest(body: unknown, limits: Limits): ValidChatRequest {
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) {
    const problems = formatIssues(result.error.issues).slice(0, 3).map(problemText);
    throw invalid(`Invalid request: ${problems.join('; ')}.`);
  }
  const { messages } = result.data;
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system' || message.role === 'developer') {
      throw new SitechatError(
        400,
        ErrorCode.ForbiddenRole,
        `messages[${index}].role: "${message.role}" turns may not be sent; the server sets the instructions.`,
      );
    }
  }
  if (messages.length > limits.maxMessages) {
    throw new SitechatError(
      400,
      ErrorCode.TooManyMessages,
      `The conversation has ${messages.length} messages; this server accepts at most ${limits.maxMessages}.`,
    );
  }
  const turns: ChatTurn[] = [];
  let total = 0;
  for (const [index, message] of messages.entries()) {
    const text = textOf(message.parts);
    if (text.length > limits.maxMessageChars) {
      throw new SitechatError(
        400,
        ErrorCode.MessageTooLong,
        `messages[${index}] has ${text.length} characters; this server accepts at most ${limits.maxMessageChars} per message.`,
      );
    }
    total += text.length;
    turns.push({ role: message.role as ChatTurn['role'], text });
  }
  if (total > limits.maxConversationChars) {
    throw new SitechatError(
      400,
      ErrorCode.MessageTooLong,
      `The conversation has ${total} characters; this server accepts at most ${limits.maxConversationChars}.`,
    );
  }
  const last = turns[turns.length - 1]!;
  if (last.role !== 'user') throw invalid('Invalid request: messages: the last message must be from the user.');
  if (last.text.trim() === '') throw invalid('Invalid request: messages: the last message has no text.');
  return {
    chatId: result.data.id,
    trigger: result.data.trigger ?? 'submit-message',
    messageId: result.data.messageId,
    ...(result.data.model === undefined ? {} : { model: result.data.model }),
    turns,
  };
}
