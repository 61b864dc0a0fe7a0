import type { ConversationStore } from '@sitechat/store';
import type { Logger } from '../http/logger.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Answers still `streaming` after this long belong to a process that died (no answer streams for 15 minutes). */
export const ABANDONED_AFTER_MS = 15 * 60 * 1000;

export interface RetentionOptions {
  store: ConversationStore;
  /** `privacy.retentionDays`; `null` keeps conversations until someone deletes them. */
  retentionDays: number | null;
  logger: Logger;
  /** How often the sweep runs after the first one. Default one day. */
  intervalMs?: number;
  /** The clock (tests). Default `Date.now`. */
  now?: () => number;
}

export interface Retention {
  /** Runs one sweep now: resolves when it is done (never rejects; failures are logged). */
  sweep(): Promise<{ purged: number; abandoned: number }>;
  /** Stops the timer. */
  stop(): void;
}

/**
 * Housekeeping for a store, at start and then daily: deletes conversations idle longer than the retention
 * period (the visitor's words are not kept longer than the owner promised), and ends answers left
 * `streaming` by a process that died, so they never count as history. Only counts are logged.
 * The timer does not keep a Node process alive.
 * @example
 * const retention = startRetention({ store, retentionDays: config.privacy.retentionDays, logger });
 * await retention.sweep(); // at start
 * // on shutdown: retention.stop()
 */
export function startRetention(options: RetentionOptions): Retention {
  const { store, retentionDays, logger } = options;
  const now = options.now ?? Date.now;
  const sweep = async () => {
    let purged = 0;
    let abandoned = 0;
    try {
      abandoned = await store.failAbandonedMessages(new Date(now() - ABANDONED_AFTER_MS));
      if (retentionDays !== null) purged = await store.purgeExpired(retentionDays);
      if (purged > 0 || abandoned > 0) logger.info('store housekeeping', { purgedConversations: purged, abandonedAnswers: abandoned, retentionDays });
    } catch (error) {
      logger.error('store housekeeping failed', { name: (error as Error)?.name, code: (error as { code?: unknown })?.code });
    }
    return { purged, abandoned };
  };
  const timer = setInterval(() => void sweep(), options.intervalMs ?? DAY_MS);
  // Once more when answers cut off by the previous process's death count as abandoned.
  const soon = setTimeout(() => void sweep(), ABANDONED_AFTER_MS + 1000);
  for (const handle of [timer, soon]) (handle as { unref?: () => void }).unref?.();
  return {
    sweep,
    stop: () => {
      clearInterval(timer);
      clearTimeout(soon);
    },
  };
}
