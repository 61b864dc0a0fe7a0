/**
 * The delta template must never read a chunk differently from `JSON.parse`: it either gives exactly the text
 * the full parse gives, for a chunk that is a plain text delta, or declines. Checked on the layouts of real
 * servers and on a thousand generated chunks and texts, hostile ones included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

const openai = (content: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-B9x',
    object: 'chat.completion.chunk',
    created: 1_765_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_560af6e559',
    choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
    ...extra,
  });
// Ollama's layout: the role in every delta, no logprobs.
const ollama = (content: string) =>
  JSON.stringify({ id: 'chatcmpl-42', object: 'chat.completion.chunk', created: 1, model: 'llama3.2', system_fingerprint: 'fp_ollama', choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }] });

function learned(first: string): DeltaTemplate {
  const template = new DeltaTemplate();
  template.learn(first, JSON.parse(first));
  return template;
}

describe('DeltaTemplate', () => {
  it("reads the text of the next chunks of an answer in OpenAI's and Ollama's layouts", () => {
    expect(learned(openai('Hel')).match(openai('lo, world'))).toBe('lo, world');
    expect(learned(ollama('Hel')).match(ollama('lo'))).toBe('lo');
    expect(learned(openai('Hel')).match(openai(''))).toBe('');
  });

  it('decodes escapes, quotes, newlines and non-ASCII text as JSON.parse does', () => {
    const template = learned(openai('first'));
    for (const text of ['say "hi"', 'back\\slash', 'line\nbreak\ttab', 'é ☕ 𝄞', '\u2028', '</script>', '\u0000']) {
      expect(template.match(openai(text))).toBe(text);
    }
    // A server that escapes what JSON.stringify would not.
    expect(template.match(openai('x').replace('"x"', '"\\u00e9\\/"'))).toBe('é/');
  });

  it('declines every chunk that is not a plain text delta of the same form', () => {
    const template = learned(openai('Hel'));
    expect(template.match(JSON.stringify({ ...JSON.parse(openai('x')), choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }))).toBeUndefined();
    expect(template.match(openai('x', { usage: { prompt_tokens: 1 } }))).toBeUndefined();
    expect(template.match(openai('x', { obfuscation: 'aZ3' }))).toBeUndefined();
    expect(template.match(openai('x').replace('chatcmpl-B9x', 'chatcmpl-other'))).toBeUndefined();
    expect(template.match(ollama('x'))).toBeUndefined();
    // A "text" that would end the string early and add fields: refused, not misread.
    const forged = openai('PLACE').replace('PLACE', 'a"},"finish_reason":"stop","x":{"y":"');
    expect(template.match(forged)).toBeUndefined();
    expect(template.match(openai('PLACE').replace('PLACE', 'a\\'))).toBeUndefined();
  });

  it('learns nothing from a chunk that is not a plain text delta, or whose text is not where it seems', () => {
    const empty = new DeltaTemplate();
    expect(empty.match(openai('x'))).toBeUndefined();
    const finish = JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: 'end' }, finish_reason: 'stop' }] });
    expect(learned(finish).match(finish.replace('"end"', '"x"'))).toBeUndefined();
    // Two "content" keys: JSON.parse keeps the last, so the first is not the text.
    const twice = '{"choices":[{"delta":{"content":"A","content":"B"},"finish_reason":null}]}';
    const template = learned(twice);
    expect(template.match(twice.replace('"A"', '"Z"'))).toBeUndefined();
    // The text written with an escape in the delta, and plainly after an escaped quote elsewhere: the one
    // occurrence found is not the delta's, and the probe shows it.
    const decoy = '{"choices":[{"delta":{"content":"\\u0054"},"finish_reason":null}],"m":{"x\\"content":"T"}}';
    expect((JSON.parse(decoy) as { choices: Array<{ delta: { content: string } }> }).choices[0]!.delta.content).toBe('T');
    expect(learned(decoy).match(decoy.replace('"T"', '"Z"'))).toBeUndefined();
    // The text appears twice in the chunk: no way to tell which is the delta's.
    const echoed = JSON.stringify({ id: 'c', note: { content: 'same' }, choices: [{ index: 0, delta: { content: 'same' }, finish_reason: null }] });
    expect(learned(echoed).match(echoed)).toBeUndefined();
  });

  it('gives what JSON.parse gives, or declines, for a thousand generated chunks and texts', () => {
    const texts = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\\"', '"}', '","finish_reason":"stop', '\n', '\u0000'));
    const raw = fc.oneof(texts.map((text) => JSON.stringify(text).slice(1, -1)), fc.string());
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.oneof(texts, raw), fc.boolean(), (first, next, rawMiddle) => {
        const template = learned(openai(first));
        const chunk = rawMiddle ? openai('\u0001MIDDLE').replace(JSON.stringify('\u0001MIDDLE').slice(1, -1), next) : openai(next);
        const got = template.match(chunk);
        if (got === undefined) return;
        const parsed = JSON.parse(chunk) as { choices: Array<{ delta: { content: string }; finish_reason: unknown }>; usage?: unknown };
        expect(got).toBe(parsed.choices[0]!.delta.content);
        expect(parsed.choices[0]!.finish_reason).toBeNull();
        expect(parsed.usage).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('scans runs of chunks of its form straight from SSE text, and stops at the first other event', () => {
    const event = (data: string) => `data: ${data}\n\n`;
    const template = learned(openai('Hel'));
    const run = [event(openai('lo')), event(openai(', ')), event(openai('wörld'))].join('');
    expect(template.scan(run, 0)).toEqual({ text: 'lo, wörld', end: run.length });
    // From a later event; and nothing to read at the end of the text.
    expect(template.scan(run, event(openai('lo')).length)).toEqual({ text: ', wörld', end: run.length });
    expect(template.scan(run, run.length)).toEqual({ text: '', end: run.length });
    // Escapes, another form, other line endings, an unfinished event: left where they start, for the decoder.
    for (const other of [
      event(openai('say "hi"')),
      event(openai('back\\slash')),
      event(openai('x', { usage: { prompt_tokens: 1 } })),
      `data:${openai('x')}\n\n`,
      `data: ${openai('x')}\r\n\r\n`,
      `data: ${openai('x')}\n`,
      `data: ${openai('x')}\ndata: ${openai('y')}\n\n`,
      `: ping\n\n`,
      `event: error\ndata: ${openai('x')}\n\n`,
    ]) {
      const text = event(openai('a')) + other + event(openai('b'));
      expect(template.scan(text, 0)).toEqual({ text: 'a', end: event(openai('a')).length });
    }
  });

  it('scans nothing before it has learned a form, or from a chunk that spans lines', () => {
    const text = `data: ${openai('x')}\n\n`;
    expect(new DeltaTemplate().scan(text, 0)).toEqual({ text: '', end: 0 });
    const multiLine = openai('Hel').replace('"choices"', '\n"choices"');
    const template = learned(multiLine);
    expect(template.match(openai('lo').replace('"choices"', '\n"choices"'))).toBe('lo');
    expect(template.scannable).toBe(false);
    expect(template.scan(text, 0)).toEqual({ text: '', end: 0 });
  });
});
