import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7 UUID that sorts by creation time', () => {
    const early = uuidv7(Date.parse('2025-01-01T00:00:00Z'));
    const late = uuidv7(Date.parse('2025-01-01T00:00:00.001Z'));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).toBe(true);
    expect(early.slice(0, 13)).toBe('01941f29-7c00');
    expect(uuidv7()).not.toBe(uuidv7());
  });
});
