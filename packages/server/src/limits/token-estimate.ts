/**
 * A local token count, used when the model server sends no usage (servers without `stream_options`, an
 * answer cut short, a visitor who left). It is an estimate, not a tokenizer: a real one (tiktoken's BPE
 * tables) is megabytes, differs per model family, and would not fit a Workers bundle. The estimate errs on
 * the high side, so budgets stay safe:
 * - ASCII text: one token per 4 characters, rounded up (OpenAI's own rule of thumb for English);
 * - every other character (accents, CJK, emoji): one token each (CJK is close to 1; accents overcount);
 * - each message: 4 tokens of framing, plus 3 for the reply's priming (as OpenAI counts chat messages).
 */

export function estimateTextTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of text) {
    if (character.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

export function estimateMessagesTokens(messages: ReadonlyArray<{ content: string }>): number {
  if (messages.length === 0) return 0;
  return messages.reduce((sum, message) => sum + 4 + estimateTextTokens(message.content), 3);
}
