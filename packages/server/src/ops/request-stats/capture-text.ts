import type { ModelEventBatch } from '../../providers/types.js';
import type { RequestStats } from './request-stats.js';

/**
 * Only when the owner turned message logging on (`ops.logMessageText`): passes the model's events through
 * unchanged while keeping the visitor's last message and the answer's text on `stats`, for the log line.
 * Off, the chat route does not wrap the events at all, so the hot path pays nothing.
 */
export function captureAnswerText(
  events: AsyncIterator<ModelEventBatch>,
  stats: RequestStats,
  turns: ReadonlyArray<{ role: string; text: string }>,
): AsyncIterator<ModelEventBatch> {
  stats.inputText = turns[turns.length - 1]?.text ?? '';
  stats.outputText = '';
  return {
    async next() {
      const result = await events.next();
      if (!result.done) for (const event of result.value) if (event.type === 'text-delta') stats.outputText += event.text;
      return result;
    },
    return: (value?: unknown) => events.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
  };
}
