/**
 * Sitechat's turns -> node-llama-cpp's chat history. The chat wrapper (the model's own Jinja template, or
 * a built-in equivalent) renders this history, so roles map one to one; the empty model turn at the end
 * is where generation starts (node-llama-cpp's convention for "add the generation prompt").
 */
import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ModelMessage } from './types.ts';

export function toChatHistory(messages: readonly ModelMessage[]): ChatHistoryItem[] {
  if (messages.length === 0) throw new TypeError('A local model request needs at least one message.');
  const history: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
    switch (message.role) {
      case 'system':
        return { type: 'system', text: message.content };
      case 'user':
        return { type: 'user', text: message.content };
      case 'assistant':
        return { type: 'model', response: [message.content] };
      default:
        throw new TypeError(`Unknown message role: ${String((message as { role: unknown }).role)}`);
    }
  });
  // A conversation that already ends with an assistant turn is continued rather than answered anew.
  if (messages.at(-1)?.role !== 'assistant') history.push({ type: 'model', response: [] });
  return history;
}
