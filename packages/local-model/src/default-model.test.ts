import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_MODEL } from './default-model.ts';
import { parseModelReference } from './model-reference.ts';

describe('DEFAULT_LOCAL_MODEL', () => {
  it('downloads from a commit of the repository, not from a branch that can move', () => {
    expect(DEFAULT_LOCAL_MODEL.url).toMatch(/\/resolve\/[0-9a-f]{40}\/Qwen2\.5-0\.5B-Instruct-Q4_K_M\.gguf$/);
  });

  it('names the same file in its reference as in its URL, so choosing it explicitly shares the cache', () => {
    expect(parseModelReference(DEFAULT_LOCAL_MODEL.ref).url).toBe(DEFAULT_LOCAL_MODEL.url);
  });
});
