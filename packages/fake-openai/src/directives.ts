import type { FakeReply } from './types.js';

/**
 * Directives let a browser test (or a person trying the demo against the fake server) choose a behaviour by
 * typing it: `[[words=300 delay=20]]`, `[[status=429 retry-after=7]]`, `[[drop=5]]`, `[[echo]]`.
 * Only the default reply reads them; a scripted reply always wins.
 */
export function replyFromDirectives(userText: string): FakeReply {
  const match = /\[\[([^\]]*)\]\]/.exec(userText);
  const plain = userText.replace(/\[\[[^\]]*\]\]/g, '').trim();
  const reply: FakeReply = { text: `You said: ${plain}` };
  if (!match) return reply;
  const settings = new Map<string, string>();
  for (const pair of (match[1] ?? '').trim().split(/\s+/)) {
    const [key, value = ''] = pair.split('=');
    if (key) settings.set(key, value);
  }
  const number = (key: string) => (settings.has(key) ? Number(settings.get(key)) : undefined);
  const words = number('words');
  if (words !== undefined) {
    reply.text = Array.from({ length: words }, (_, index) => `word${index + 1}`).join(' ');
  }
  if (settings.has('markdown')) reply.text = MARKDOWN_SAMPLE;
  const delay = number('delay');
  if (delay !== undefined) reply.chunkDelayMs = delay;
  const chunk = number('chunk');
  if (chunk !== undefined) reply.chunkSize = chunk;
  const drop = number('drop');
  if (drop !== undefined) reply.dropAfterDeltas = drop;
  const status = number('status');
  if (status !== undefined) {
    const retryAfter = settings.get('retry-after');
    reply.error = { status, message: `Fake upstream error ${status}`, ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}) };
  }
  return reply;
}

const MARKDOWN_SAMPLE = [
  '## Opening hours',
  '',
  'We are open **Monday to Saturday**, 9:00-18:00.',
  '',
  '- Free returns within *30 days*',
  '- Support at [help](https://example.com/help)',
  '',
  '```js',
  'console.log("hello");',
  '```',
].join('\n');
