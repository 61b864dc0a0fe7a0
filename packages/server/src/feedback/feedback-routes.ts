import { ErrorCode } from '@sitechat/protocol';
import type { ConversationStore, Message, Transcript } from '@sitechat/store';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AnswersInFlight } from '../conversations/answers-in-flight.js';
import { storeCall } from '../conversations/store-errors.js';
import { conversationVisitor, type ConversationVisitorVariables } from '../conversations/visitor.js';
import { SitechatError } from '../http/errors.js';
import { jsonBody, type JsonBodyVariables } from '../middleware/json-body.js';
import { formatIssues, problemText } from '../validation/format-issues.js';

const id = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(256, { error: 'must be at most 256 characters' });

export const MAX_COMMENT_CHARS = 2000;

const feedbackSchema = z.object(
  {
    conversationId: id,
    messageId: id,
    rating: z.enum(['up', 'down'], { error: 'must be "up" or "down"' }),
    comment: z
      .string({ error: 'must be a string' })
      .max(MAX_COMMENT_CHARS, { error: `must be at most ${MAX_COMMENT_CHARS} characters` })
      .nullish(),
  },
  { error: 'must be a JSON object' },
);

const comparisonSchema = z.object(
  {
    conversationId: id,
    /** The question both answers reply to. */
    parentId: id,
    answerA: id,
    answerB: id,
    preferred: z.enum(['a', 'b', 'tie'], { error: 'must be "a", "b" or "tie"' }),
  },
  { error: 'must be a JSON object' },
);

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = formatIssues(result.error.issues).slice(0, 3).map(problemText);
  throw new SitechatError(400, ErrorCode.InvalidRequest, `Invalid request: ${problems.join('; ')}.`);
}

export interface FeedbackRoutesOptions {
  store: ConversationStore;
  answers: AnswersInFlight;
  /**
   * How long a rating waits for an answer that is still being written before it is refused with 409
   * `answer_in_progress` (retryable). Default 30 000 ms.
   */
  waitMs?: number;
  /** How often to look again for an answer written by another server instance. Default 250 ms. */
  pollMs?: number;
  /** The largest body accepted. Default 16 KiB (a comment is at most 2000 characters). */
  maxBodyBytes?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function messagesOf(transcript: Transcript): Map<string, Message> {
  const messages = new Map<string, Message>();
  for (const turn of transcript.turns) {
    messages.set(turn.user.id, turn.user);
    for (const answer of turn.answers) messages.set(answer.id, answer);
  }
  return messages;
}

/**
 * The visitor's signals on answers, mounted under `/api`:
 * - `POST /feedback` `{ conversationId, messageId, rating: 'up'|'down', comment? }` -> `{ feedback }`;
 *   rating again replaces the rating and the comment;
 * - `POST /comparisons` `{ conversationId, parentId, answerA, answerB, preferred: 'a'|'b'|'tie' }` -> `{ comparison }`.
 *
 * A signal for an answer that is still being written is not refused: it waits for the answer to be stored
 * (this instance knows its own answers; another instance's are looked up again every `pollMs`).
 * @example
 * app.route('/api', feedbackRoutes({ store, answers }));
 */
export function feedbackRoutes(options: FeedbackRoutesOptions): Hono<{ Variables: ConversationVisitorVariables & JsonBodyVariables }> {
  const { store, answers } = options;
  const waitMs = options.waitMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const body = jsonBody({ maxBytes: options.maxBodyBytes ?? 16 * 1024 });
  const routes = new Hono<{ Variables: ConversationVisitorVariables & JsonBodyVariables }>();

  /** The conversation's messages named by `ids`, once none of them is streaming any more. */
  async function settledMessages(visitorId: string, conversationId: string, ids: string[]): Promise<Map<string, Message>> {
    const deadline = Date.now() + waitMs;
    await answers.wait(ids, waitMs);
    for (;;) {
      const transcript = await storeCall(store.getTranscript(visitorId, conversationId));
      if (transcript === undefined) throw new SitechatError(404, ErrorCode.ConversationNotFound, 'There is no such conversation.');
      const messages = messagesOf(transcript);
      for (const messageId of ids) {
        if (!messages.has(messageId)) {
          throw new SitechatError(404, ErrorCode.MessageNotFound, 'There is no such message in this conversation.');
        }
      }
      if (!ids.some((messageId) => messages.get(messageId)!.status === 'streaming')) return messages;
      if (Date.now() >= deadline) {
        throw new SitechatError(409, ErrorCode.AnswerInProgress, 'The answer is still being written. Please try again in a moment.', {
          retryable: true,
          headers: { 'retry-after': '1' },
        });
      }
      await (ids.some((messageId) => answers.has(messageId)) ? answers.wait(ids, deadline - Date.now()) : sleep(pollMs));
    }
  }

  routes.post('/feedback', conversationVisitor(), body, async (c) => {
    const input = parse(feedbackSchema, c.get('jsonBody'));
    const visitorId = c.get('conversationVisitorId');
    const messages = await settledMessages(visitorId, input.conversationId, [input.messageId]);
    if (messages.get(input.messageId)!.role !== 'assistant') {
      throw new SitechatError(400, ErrorCode.InvalidFeedback, 'Feedback goes on an answer, not on a question.');
    }
    const feedback = await storeCall(
      store.recordFeedback(visitorId, {
        messageId: input.messageId,
        rating: input.rating === 'up' ? 1 : -1,
        comment: input.comment ?? null,
      }),
    );
    return c.json({
      feedback: { messageId: feedback.messageId, rating: input.rating, comment: feedback.comment, updatedAt: feedback.updatedAt },
    });
  });

  routes.post('/comparisons', conversationVisitor(), body, async (c) => {
    const input = parse(comparisonSchema, c.get('jsonBody'));
    const visitorId = c.get('conversationVisitorId');
    await settledMessages(visitorId, input.conversationId, [input.parentId, input.answerA, input.answerB]);
    const comparison = await storeCall(
      store.recordComparison(visitorId, {
        userMessageId: input.parentId,
        answerAId: input.answerA,
        answerBId: input.answerB,
        preferred: input.preferred,
      }),
    );
    return c.json({
      comparison: {
        id: comparison.id,
        conversationId: comparison.conversationId,
        parentId: comparison.userMessageId,
        answerA: comparison.answerAId,
        answerB: comparison.answerBId,
        preferred: comparison.preferred,
      },
    });
  });

  return routes;
}
