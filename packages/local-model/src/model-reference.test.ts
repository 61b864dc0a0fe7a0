import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachePathFor, parseModelReference } from './model-reference.ts';

describe('parseModelReference', () => {
  it('turns hf:<owner>/<repo>/<file> into a resolve URL on main', () => {
    const reference = parseModelReference('hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf');
    expect(reference.url).toBe(
      'https://huggingface.co/bartowski/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
    );
    expect(reference.fileName).toBe('Qwen2.5-0.5B-Instruct-Q4_K_M.gguf');
  });

  it('keeps a pinned revision and files in sub-folders', () => {
    const reference = parseModelReference('hf:owner/repo@0123abcd/quants/model Q4.gguf');
    expect(reference.url).toBe('https://huggingface.co/owner/repo/resolve/0123abcd/quants/model%20Q4.gguf');
    expect(reference.fileName).toBe('model_Q4.gguf');
  });

  it('accepts plain URLs and caches by host and path', () => {
    const reference = parseModelReference('http://127.0.0.1:8080/models/tiny.gguf');
    expect(cachePathFor(reference, '/cache')).toBe(join('/cache', '127.0.0.1_8080', 'models', 'tiny.gguf'));
  });

  it('never lets a path escape the cache folder', () => {
    const reference = parseModelReference('https://example.com/a/%2E%2E/%2E%2E/etc/passwd');
    expect(reference.cacheSegments).not.toContain('..');
    expect(cachePathFor(reference, '/cache').startsWith('/cache/')).toBe(true);
  });

  it('explains malformed references', () => {
    expect(() => parseModelReference('hf:just-a-name')).toThrow(/hf:<owner>\/<repo>\/<file>\.gguf/);
    expect(() => parseModelReference('model.gguf')).toThrow(/neither hf:/);
    expect(() => parseModelReference('ftp://example.com/model.gguf')).toThrow(/must be an https:\/\/ URL/);
  });
});
