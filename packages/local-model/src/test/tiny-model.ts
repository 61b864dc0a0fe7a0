/**
 * A tiny llama-architecture chat model with random weights, built in memory for tests and the benchmark.
 * It says nothing sensible, but llama.cpp loads it, tokenises with it, applies its chat template and
 * generates with it exactly as with a real model, so the provider's real code paths run (load, template,
 * streaming, abort, queue). Byte-level BPE (`gpt2`) vocabulary: the 256 byte tokens cover any text.
 */
import { encodeGguf, type GgufTensor, type GgufValue } from './gguf-writer.ts';

/**
 * ChatML with a fixed first line that no built-in node-llama-cpp chat wrapper reproduces, so the model's
 * own Jinja template is what renders the prompt (a plain ChatML template would be swapped for the
 * equivalent built-in wrapper, hiding whether the GGUF template was read at all).
 */
export const TINY_CHAT_TEMPLATE =
  "{{ '<|im_start|>system\\nSitechat tiny model.<|im_end|>\\n' }}" +
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** What `TINY_CHAT_TEMPLATE` renders for a conversation, written out by hand as the tests' oracle. */
export function renderTinyChatTemplate(messages: ReadonlyArray<{ role: string; content: string }>): string {
  let text = '<|im_start|>system\nSitechat tiny model.<|im_end|>\n';
  for (const message of messages) text += `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
  return text + '<|im_start|>assistant\n';
}

export interface TinyModelOptions {
  /** Seed for the weights, so every run builds the same model. Default 1. */
  seed?: number;
  /** Put `tokenizer.chat_template` in the file. Default true; false exercises the fallback. */
  chatTemplate?: boolean;
  embeddingLength?: number;
  blockCount?: number;
  headCount?: number;
  feedForwardLength?: number;
  contextLength?: number;
}

const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;
/** A few merges so that BPE merging runs too; each merged token is in the vocabulary. */
const MERGES = ['Ġ t', 'h e', 'i n', 'e r', 'a n', 'Ġt he', 'o u', 'r e', 'o n', 'Ġ a'];

export interface TinyVocabulary {
  tokens: string[];
  tokenTypes: number[];
  merges: string[];
  /** Token ids the output layer can pick: letters, space and merges, so generated text is readable ASCII. */
  speakable: Set<number>;
  bosId: number;
  eosId: number;
}

export function tinyVocabulary(): TinyVocabulary {
  const byteChars = byteLevelCharacters();
  const tokens = [...byteChars];
  const tokenTypes = tokens.map(() => 1);
  const speakable = new Set<number>();
  for (let byte = 0; byte < 256; byte++) {
    const character = String.fromCharCode(byte);
    if (/[a-z ]/.test(character)) speakable.add(byte);
  }
  for (const merge of MERGES) {
    speakable.add(tokens.length);
    tokens.push(merge.replace(' ', ''));
    tokenTypes.push(1);
  }
  const firstSpecial = tokens.length;
  for (const special of SPECIAL_TOKENS) {
    tokens.push(special);
    tokenTypes.push(3); // control
  }
  return { tokens, tokenTypes, merges: MERGES, speakable, bosId: firstSpecial, eosId: firstSpecial + 2 };
}

/** Builds the GGUF bytes of the tiny model. */
export function buildTinyModel(options: TinyModelOptions = {}): Buffer {
  const embedding = options.embeddingLength ?? 64;
  const blocks = options.blockCount ?? 2;
  const heads = options.headCount ?? 4;
  const feedForward = options.feedForwardLength ?? 128;
  const context = options.contextLength ?? 256;
  const vocabulary = tinyVocabulary();
  const vocabularySize = vocabulary.tokens.length;
  const random = seededRandom(options.seed ?? 1);
  const weights = (count: number, scale: number) => Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
  const ones = (count: number) => new Float32Array(count).fill(1);

  // Only speakable tokens get output weights; every other logit is 0, below the best speakable one, so
  // greedy decoding never ends early on <|im_end|> and never emits half a UTF-8 character.
  const output = new Float32Array(embedding * vocabularySize);
  for (const id of vocabulary.speakable) {
    for (let index = 0; index < embedding; index++) output[id * embedding + index] = (random() * 2 - 1) * 0.5;
  }

  const tensors: GgufTensor[] = [
    { name: 'token_embd.weight', dimensions: [embedding, vocabularySize], data: weights(embedding * vocabularySize, 0.5) },
    { name: 'output_norm.weight', dimensions: [embedding], data: ones(embedding) },
    { name: 'output.weight', dimensions: [embedding, vocabularySize], data: output },
  ];
  for (let block = 0; block < blocks; block++) {
    const prefix = `blk.${block}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, dimensions: [embedding], data: ones(embedding) },
      { name: `${prefix}.attn_q.weight`, dimensions: [embedding, embedding], data: weights(embedding * embedding, 0.1) },
      { name: `${prefix}.attn_k.weight`, dimensions: [embedding, embedding], data: weights(embedding * embedding, 0.1) },
      { name: `${prefix}.attn_v.weight`, dimensions: [embedding, embedding], data: weights(embedding * embedding, 0.1) },
      { name: `${prefix}.attn_output.weight`, dimensions: [embedding, embedding], data: weights(embedding * embedding, 0.1) },
      { name: `${prefix}.ffn_norm.weight`, dimensions: [embedding], data: ones(embedding) },
      { name: `${prefix}.ffn_gate.weight`, dimensions: [embedding, feedForward], data: weights(embedding * feedForward, 0.1) },
      { name: `${prefix}.ffn_up.weight`, dimensions: [embedding, feedForward], data: weights(embedding * feedForward, 0.1) },
      { name: `${prefix}.ffn_down.weight`, dimensions: [feedForward, embedding], data: weights(feedForward * embedding, 0.1) },
    );
  }

  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'sitechat-tiny-test' }],
    ['general.file_type', { type: 'uint32', value: 0 }], // all F32
    ['llama.context_length', { type: 'uint32', value: context }],
    ['llama.embedding_length', { type: 'uint32', value: embedding }],
    ['llama.block_count', { type: 'uint32', value: blocks }],
    ['llama.feed_forward_length', { type: 'uint32', value: feedForward }],
    ['llama.attention.head_count', { type: 'uint32', value: heads }],
    ['llama.attention.head_count_kv', { type: 'uint32', value: heads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'uint32', value: embedding / heads }],
    ['llama.rope.freq_base', { type: 'float32', value: 10000 }],
    ['llama.vocab_size', { type: 'uint32', value: vocabularySize }],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'gpt-2' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocabulary.tokens }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32', value: vocabulary.tokenTypes }],
    ['tokenizer.ggml.merges', { type: 'array', itemType: 'string', value: vocabulary.merges }],
    ['tokenizer.ggml.bos_token_id', { type: 'uint32', value: vocabulary.bosId }],
    ['tokenizer.ggml.eos_token_id', { type: 'uint32', value: vocabulary.eosId }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
  ];
  if (options.chatTemplate ?? true) metadata.push(['tokenizer.chat_template', { type: 'string', value: TINY_CHAT_TEMPLATE }]);
  return encodeGguf({ metadata, tensors });
}

/**
 * GPT-2's byte-to-unicode table: printable bytes stand for themselves, the rest map to U+0100 onwards
 * (so a space is "Ġ"). llama.cpp's byte-level BPE expects token texts in this alphabet.
 */
function byteLevelCharacters(): string[] {
  const printable = (byte: number) =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  const characters: string[] = [];
  let next = 0;
  for (let byte = 0; byte < 256; byte++) {
    characters.push(printable(byte) ? String.fromCharCode(byte) : String.fromCharCode(256 + next++));
  }
  return characters;
}

/** mulberry32: small, fast, good enough for test weights, and the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
