import type { Logger } from '../http/logger.js';
import type { Moderator } from '../providers/moderation.js';

/**
 * The start-up check: is the moderation service reachable? A warning (never a crash) when it is not, so the
 * owner learns before a visitor does that answers will be refused (`moderation_unavailable`) or, with
 * `failOpen`, go unmoderated. Runtime entry points call it once the server listens; the app never calls it
 * at creation, because Workers allow no network access outside a request.
 * @example
 * void checkModeration(moderator, logger);
 */
export async function checkModeration(moderator: Moderator, logger: Logger, options: { failOpen?: boolean } = {}): Promise<boolean> {
  try {
    await moderator.moderate(['Sitechat start-up check']);
    return true;
  } catch {
    logger.warn(
      options.failOpen
        ? 'moderation is on but its service cannot be reached: answers go unmoderated until it can (moderation.failOpen)'
        : 'moderation is on but its service cannot be reached: chat requests are refused with moderation_unavailable until it can (check moderation.baseURL and moderation.apiKey)',
    );
    return false;
  }
}
