import type { ConversationStore } from '@sitechat/store';
import type { ModerationEvent } from '../moderation/moderation.js';

type OnModeration = (event: ModerationEvent) => void | Promise<void>;

const RETRIES = 20;
const RETRY_MS = 100;

/**
 * Flags the conversation in the store when moderation flags or blocks one of its messages, so that the owner
 * finds it on `/admin` (filter "flagged") and the exports leave it out; then calls the owner's own
 * `onModeration`, if any. The flagged text is not copied: it is in the conversation already.
 * @example
 * mountSecurity(app, { ..., onModeration: recordModeration(store, options.onModeration) });
 */
export function recordModeration(store: ConversationStore | undefined, onModeration?: OnModeration): OnModeration | undefined {
  if (store === undefined) return onModeration;
  return async (event) => {
    if (event.chatId !== undefined) {
      const moderation = { reason: `${event.direction} ${event.action}`, categories: event.categories };
      // A new conversation is written beside the model request (conversations/stored-history.ts), so the
      // verdict on its first message can arrive first: look again for a few seconds.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await store.setModeration(event.chatId, moderation);
          break;
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'conversation_not_found' || attempt >= RETRIES) throw error;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        }
      }
    }
    await onModeration?.(event);
  };
}
