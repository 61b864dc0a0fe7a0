import { ErrorCode } from '@sitechat/protocol';
import type { ConversationStore, HistoryMessage, PageContext } from '@sitechat/store';
import type { Context } from 'hono';
import type { ChatHistory, OpenedAnswer } from '../chat/chat-history.js';
import type { ChatTurn } from '../chat/request-schema.js';
import type { AnswerEnd } from '../chat/ui-stream.js';
import type { LimitsConfig } from '../config/schema.js';
import { SitechatError } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import type { Redactor } from '../privacy/redaction.js';
import type { AnswersInFlight } from './answers-in-flight.js';
import { isStoreErrorLike, storeCall } from './store-errors.js';
import { parseStoredChatRequest, type StoredChatRequest } from './stored-chat-request.js';

export interface StoredHistoryOptions {
  store: ConversationStore;
  limits: Pick<LimitsConfig, 'maxMessages' | 'maxMessageChars' | 'maxConversationChars'>;
  /** Applied to the question and the answer before they are stored (and so before the model sees them). */
  redactor: Promise<Redactor>;
  /** The model name recorded with each answer (unless the request chose another allowed one). */
  model: string | undefined;
  answers: AnswersInFlight;
  logger: Logger;
  /** Ids for answers (and for conversations a client did not name). */
  generateId: () => string;
}

/** Where the visitor was: the page's address without its query or fragment (which may carry tokens). */
function pageOf(c: Context): PageContext | null {
  const referer = c.req.header('referer');
  if (referer === undefined) return null;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return { url: `${url.origin}${url.pathname}`.slice(0, 2048) };
  } catch {
    return null;
  }
}

function lastUserIndex(history: readonly HistoryMessage[]): number {
  for (let index = history.length - 1; index >= 0; index -= 1) if (history[index]!.role === 'user') return index;
  return -1;
}

function checkLimits(history: readonly HistoryMessage[], text: string, limits: StoredHistoryOptions['limits']): void {
  if (history.length + 1 > limits.maxMessages) {
    throw new SitechatError(
      400,
      ErrorCode.TooManyMessages,
      `The conversation has ${history.length + 1} messages; this server accepts at most ${limits.maxMessages}. Please start a new conversation.`,
    );
  }
  const total = history.reduce((sum, message) => sum + message.text.length, text.length);
  if (total > limits.maxConversationChars) {
    throw new SitechatError(
      400,
      ErrorCode.MessageTooLong,
      `The conversation has ${total} characters; this server accepts at most ${limits.maxConversationChars}. Please start a new conversation.`,
    );
  }
}

const toTurns = (history: readonly HistoryMessage[]): ChatTurn[] => history.map(({ role, text }) => ({ role, text }));

/**
 * The server keeps the history (issue 4): the chat request's `id` names the visitor's conversation (created
 * when new), only the visitor's new question is taken from the request, and the model sees the stored
 * conversation, so a browser cannot put words in the assistant's mouth. `regenerate-message` answers the
 * last stored question again; the new answer is kept beside the old one as an alternative. A known question
 * id with new text is an edit: a new question beside the original (same parent), answered with the branch
 * up to that parent, as ChatGPT's edit does; the original and its answers stay stored, off the active branch.
 *
 * Before the model is asked: reads only (the conversation and its history). Beside the model request: the
 * conversation (when new), the question and the opened answer, each one transaction; the stream is committed
 * once they are durable. At the end: the answer finished, before the stream's `finish`, so a visitor who has
 * seen the end finds it stored.
 * @example
 * chatHandler({ ..., history: storedHistory({ store, limits, redactor, model, answers, logger, generateId }) });
 */
export function storedHistory(options: StoredHistoryOptions): ChatHistory<StoredChatRequest> {
  const { store, limits, answers, logger } = options;

  return {
    parse: (body) => parseStoredChatRequest(body, limits),

    async open(c, request): Promise<OpenedAnswer> {
      const visitorId = c.get('conversationVisitorId') as string;
      const conversationId = request.chatId ?? options.generateId();
      const redact = await options.redactor;

      // Reads only before the model is asked; the writes run beside the model request (below).
      const conversation = await storeCall(store.getConversation(visitorId, conversationId));
      const history = conversation === undefined ? [] : await storeCall(store.getHistory(visitorId, conversationId));
      const index = lastUserIndex(history);
      let parent: HistoryMessage;
      let turns: ChatTurn[];
      let newQuestion: (HistoryMessage & { parentId: string | null }) | undefined;
      if (request.trigger === 'regenerate-message') {
        if (conversation === undefined) throw new SitechatError(404, ErrorCode.ConversationNotFound, 'There is no such conversation.');
        if (index < 0) throw new SitechatError(400, ErrorCode.InvalidRequest, 'Invalid request: there is no question to answer again.');
        parent = history[index]!;
        turns = toTurns(history.slice(0, index + 1));
      } else if (
        request.question!.id !== undefined &&
        index >= 0 &&
        history[index]!.id === request.question!.id &&
        history[index]!.text === redact(request.question!.text)
      ) {
        // The same question sent again (a retry after a failure): answer it again rather than refuse it.
        parent = history[index]!;
        turns = toTurns(history.slice(0, index + 1));
      } else {
        const text = redact(request.question!.text);
        // A known id with other text is an edited question. Stored messages are never rewritten, so the edit
        // is a new question (a new id, which `parentId` in the start chunk reports) that follows what the
        // original followed: the model sees the branch up to there, then the new text.
        const questionId = request.question!.id;
        const edited = questionId === undefined ? -1 : history.findIndex((message) => message.role === 'user' && message.id === questionId);
        const before = edited < 0 ? history : history.slice(0, edited);
        checkLimits(before, text, limits);
        const follows = lastUserIndex(before);
        newQuestion = {
          id: edited < 0 ? (questionId ?? options.generateId()) : options.generateId(),
          role: 'user',
          text,
          parentId: follows < 0 ? null : before[follows]!.id,
        };
        parent = newQuestion;
        turns = [...toTurns(before), { role: 'user', text }];
      }

      const messageId = options.generateId();
      const openedAt = Date.now();
      const messageMetadata = { conversationId, parentId: parent.id };
      answers.open(messageId);
      // Written beside the model request: the visitor's first word does not wait for these commits, but the
      // stream is committed (the visitor sees anything) only once they have succeeded. A failure (the id is
      // someone else's conversation, a duplicate message id) stops the model request.
      const write = async () => {
        if (conversation === undefined) await store.getOrCreateConversation({ id: conversationId, visitorId, page: pageOf(c) });
        if (newQuestion !== undefined) {
          const { text, parentId } = newQuestion;
          try {
            await store.appendUserMessage(visitorId, { conversationId, id: newQuestion.id, text, parentId });
          } catch (error) {
            if (!isStoreErrorLike(error, 'message_exists')) throw error;
            // The client's id is taken by another conversation (a client with fixed ids): store the question
            // under an id of ours, which the start chunk (sent after this) reports as `parentId`.
            newQuestion.id = options.generateId();
            messageMetadata.parentId = newQuestion.id;
            await store.appendUserMessage(visitorId, { conversationId, id: newQuestion.id, text, parentId });
          }
        }
        await store.startAssistantMessage(visitorId, { conversationId, parentId: parent.id, id: messageId, model: request.model ?? options.model ?? null });
      };
      const ready = storeCall(write());
      ready.catch(() => answers.settle(messageId));

      const end = async (result: AnswerEnd): Promise<void> => {
        try {
          await ready;
        } catch {
          return; // Nothing was opened; the chat handler reports the failure.
        }
        try {
          await store.finishAssistantMessage(messageId, {
            text: redact(result.text),
            status: result.status,
            finishReason: result.finishReason ?? null,
            errorCode: result.errorCode ?? null,
            tokensIn: result.usage?.inputTokens ?? null,
            tokensOut: result.usage?.outputTokens ?? null,
            timeToFirstTokenMs: result.firstTextAt === undefined ? null : Math.max(0, result.firstTextAt - openedAt),
          });
        } catch (error) {
          // Deleted meanwhile (the visitor's "forget me", retention), or the database is down: the visitor
          // has the answer; the owner gets a line without its text.
          const code = isStoreErrorLike(error) ? error.code : 'database_error';
          const fields = { code, conversationId, messageId };
          if (code === 'message_not_found') logger.info('answer not stored', fields);
          else logger.error('answer not stored', fields);
        } finally {
          answers.settle(messageId);
        }
      };

      return { turns, messageId, messageMetadata, ready, end };
    },
  };
}
