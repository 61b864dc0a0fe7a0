/**
 * Reading most of an answer's chunks without `JSON.parse`. Within one streamed answer, the chunks that carry
 * text differ only in that text: OpenAI, vLLM, llama.cpp and Ollama repeat the same id, model, timestamp and
 * field order in every chunk, e.g.
 *   {"id":"chatcmpl-1","object":"chat.completion.chunk",...,"choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}]}
 * So once one such chunk has been parsed in full, the text of the next ones is the part between the same
 * prefix and the same suffix. Parsing every chunk's JSON was the largest single cost of a streamed answer in
 * the server's profile (13 % of its CPU; docs/decisions/0012-node-model-transport.md).
 *
 * Correct by construction, not by guessing: a template is adopted only after the chunk with a placeholder text
 * put between its prefix and suffix has been parsed in full and found to be exactly a text delta (its
 * `choices[0].delta.content` the placeholder, with no finish reason, refusal, usage or error). JSON's grammar
 * being context-free, any chunk that is that prefix, then the body of a JSON string, then that suffix, parses
 * to the same thing with its own text; the body must contain no unescaped quote, which the check below
 * guarantees (a middle part with a quote, a backslash or a control character is decoded by `JSON.parse` as a
 * string literal, which rejects one that would end early). Anything else (the role chunk, the finish chunk,
 * the usage chunk, an error, another server's layout) is parsed in full as before.
 * @example
 * const template = new DeltaTemplate();
 * const text = template.match(data); // the text, or undefined: parse `data` in full, then template.learn(data, chunk)
 */
export class DeltaTemplate {
  /** Reads a chunk of the learned form. */
  private reader: ((data: string) => string | undefined) | undefined;
  /** A chunk of the learned form as an SSE event on the wire is `head`, its text, then `tail` (`scan`). */
  private wire: { head: string; tail: string } | undefined;
  private attempts = 0;

  /** No form yet, and one may still be learned (`learn`). */
  get learning(): boolean {
    return this.reader === undefined && this.attempts < LEARNING_ATTEMPTS;
  }

  /** A form is known, and `scan` can read its chunks straight from SSE text. */
  get scannable(): boolean {
    return this.wire !== undefined;
  }

  /** The text of a chunk that has the template's form, or `undefined` when it has not (or none is known). */
  match(data: string): string | undefined {
    return this.reader === undefined ? undefined : this.reader(data);
  }

  /**
   * Offers a chunk that was parsed in full (`value` is `JSON.parse(data)`). Adopts its form when it is a plain
   * text delta written compactly; tries the first three text chunks of an answer, then stops (a server whose
   * chunks have no common form would otherwise pay for a second parse of each).
   */
  learn(data: string, value: unknown): void {
    if (this.reader !== undefined || this.attempts >= LEARNING_ATTEMPTS) return;
    const content = textOf(value);
    if (content === undefined || content.length === 0) return;
    this.attempts += 1;
    const needle = `"content":${JSON.stringify(content)}`;
    const at = data.indexOf(needle);
    if (at < 0 || data.indexOf(needle, at + 1) >= 0) return;
    const prefix = data.slice(0, at + needle.length - JSON.stringify(content).length + 1);
    const suffix = data.slice(at + needle.length - 1);
    let probe: unknown;
    try {
      probe = JSON.parse(`${prefix}${PLACEHOLDER}${suffix}`);
    } catch {
      return;
    }
    if (textOf(probe) !== PLACEHOLDER) return;
    this.reader = templateReader(prefix, suffix);
    // A chunk whose JSON spans lines (a multi-line event) cannot be found as one `data:` line.
    if (!/[\r\n]/.test(data)) this.wire = { head: `data: ${prefix}`, tail: `${suffix}\n\n` };
  }

  /**
   * Reads SSE text straight, without an SSE decoder's lines and event objects: from `from`, the events that are
   * each one chunk of the learned form written `data: <chunk>` and a blank line, one after another, up to the first
   * other one (or the end of the text). Returns their text and where that other one starts; `end` equals `from`
   * when there is none, or no form is known. `from` must be where an event starts.
   *
   * Exactly what `match` gives for those events, read from the text: the text between `head` and the first quote
   * after it is the chunk's text only if that quote is followed by `tail` and the text holds no backslash, quote
   * or control character (then its JSON string body is the text itself; a chunk with any of these is left to the
   * decoder and `match`, which decode escapes). A line feed cannot occur in it, so the event is that one line.
   */
  scan(text: string, from: number): { text: string; end: number } {
    const wire = this.wire;
    if (wire === undefined) return { text: '', end: from };
    const { head, tail } = wire;
    let read = '';
    let position = from;
    for (;;) {
      const start = position + head.length;
      // Slices compared with `===`, as in templateReader: faster than `startsWith` with a position.
      if (text.slice(position, start) !== head) break;
      const quote = text.indexOf('"', start);
      if (quote === -1) break;
      const end = quote + tail.length;
      if (text.slice(quote, end) !== tail) break;
      const middle = text.slice(start, quote);
      if (NEEDS_DECODING.test(middle)) break;
      read += middle;
      position = end;
    }
    return { text: read, end: position };
  }
}

function templateReader(prefix: string, suffix: string): (data: string) => string | undefined {
  // Slices compared with `===`, not `startsWith` / `endsWith`: with a prefix that differs from answer to
  // answer, V8 runs those about five times slower, as slow as JSON.parse itself (0.7 against 0.13 microseconds
  // a chunk, measured on Node 24 with 200-chunk answers).
  return (data) => {
    const end = data.length - suffix.length;
    if (end < prefix.length || data.slice(0, prefix.length) !== prefix || data.slice(end) !== suffix) return undefined;
    const middle = data.slice(prefix.length, end);
    if (!NEEDS_DECODING.test(middle)) return middle;
    try {
      return JSON.parse(`"${middle}"`) as string;
    } catch {
      return undefined;
    }
  };
}

/** A string literal's body needs decoding (or is not one) when it holds a quote, a backslash or a control character. */
const NEEDS_DECODING = /["\\\u0000-\u001f]/;
const PLACEHOLDER = 'sitechat-template-probe';
/** Text chunks of an answer offered to `learn` before it stops trying. */
const LEARNING_ATTEMPTS = 3;

/**
 * The text of a chunk that is a plain text delta: `choices[0].delta.content` a string, and no finish reason,
 * refusal, usage or error anywhere the answer reader looks. `undefined` for any other chunk.
 */
function textOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const chunk = value as { choices?: unknown; usage?: unknown; error?: unknown };
  if (chunk.usage != null || chunk.error != null || !Array.isArray(chunk.choices) || chunk.choices.length === 0) return undefined;
  const choice = chunk.choices[0] as { delta?: unknown; finish_reason?: unknown } | null;
  if (typeof choice !== 'object' || choice === null || choice.finish_reason != null) return undefined;
  const delta = choice.delta as { content?: unknown; refusal?: unknown } | null | undefined;
  if (typeof delta !== 'object' || delta === null || delta.refusal != null) return undefined;
  return typeof delta.content === 'string' ? delta.content : undefined;
}
