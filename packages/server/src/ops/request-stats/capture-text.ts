import type { ModelEvent } from '../../providers/types.js';
import type { RequestStats } from './request-stats.js';

/**
 * Only when the owner turned message logging on (`ops.logMessageText`): passes the model's events through
 * unchanged while keeping the visitor's last message and the answer's text on `stats`, for the log line.
 * Off, the chat route does not wrap the events at all, so the hot path pays nothing.
 */
export function captureAnswerText(
  events: AsyncIterator<ModelEvent>,
  stats: RequestStats,
  turns: ReadonlyArray<{ role: string; text: string }>,
): AsyncIterator<ModelEvent> {
  stats.inputText = turns[turns.length - 1]?.text ?? '';
  stats.outputText = '';
  return {
    async next() {
      const result = await events.next();
      if (!result.done && result.value.type === 'text-delta') stats.outputText += result.value.text;
      return result;
    },
    return: (value?: unknown) => events.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
  };
}
