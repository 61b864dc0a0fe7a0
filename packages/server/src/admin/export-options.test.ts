import { describe, expect, it } from 'vitest';
import { describeSkipped, parseDateBound } from './export-options.js';

describe('export options', () => {
  it('reads days and times; a day as an upper bound includes the whole day', () => {
    expect(parseDateBound('2025-03-01', 'from')?.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(parseDateBound('2025-03-31', 'to')?.toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(parseDateBound('2025-03-01T12:30:00Z', 'to')?.toISOString()).toBe('2025-03-01T12:30:00.000Z');
    for (const wrong of ['yesterday', '2025-02-30', '03/01/2025', '2025-03-01Tnope', '']) expect(parseDateBound(wrong, 'from'), wrong).toBeUndefined();
  });

  it('says what was skipped and why', () => {
    expect(describeSkipped({})).toBe('Skipped nothing.');
    expect(describeSkipped({ tie: 1, no_rated_answer: 2 })).toBe(
      'Skipped 3: 1 tie (the visitor judged both answers equal), 2 no_rated_answer (no answer rated high enough that finished with text).',
    );
  });
});
