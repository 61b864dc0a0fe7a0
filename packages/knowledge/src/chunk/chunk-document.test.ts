import { describe, expect, it } from 'vitest';
import type { Block } from '../types.js';
import { chunkDocument } from './chunk-document.js';
import { splitText, tailOf } from './split-text.js';

const heading = (level: 1 | 2 | 3 | 4, text: string): Block => ({ kind: 'heading', level, text });
const text = (value: string): Block => ({ kind: 'text', text: value });
const sentence = (index: number) => `Sentence number ${index} talks about delivery times and parcels.`;

describe('chunkDocument', () => {
  it('starts a chunk at every h1-h3 and records the heading path', () => {
    const chunks = chunkDocument({
      url: 'u',
      title: 'Shipping',
      blocks: [
        text('Intro before any heading.'),
        heading(1, 'Shipping'),
        text('We ship from Portland.'),
        heading(2, 'International orders'),
        heading(3, 'Canada'),
        text('Flat $19.'),
        heading(4, 'Duties'),
        text('Included.'),
        heading(2, 'Carriers'),
        text('UPS.'),
      ],
    });
    expect(chunks).toEqual([
      { ordinal: 0, headingPath: [], text: 'Intro before any heading.' },
      { ordinal: 1, headingPath: ['Shipping'], text: 'We ship from Portland.' },
      { ordinal: 2, headingPath: ['Shipping', 'International orders', 'Canada'], text: 'Flat $19.\nDuties\nIncluded.' },
      { ordinal: 3, headingPath: ['Shipping', 'Carriers'], text: 'UPS.' },
    ]);
  });

  it('drops a skipped level from the path (h1 then h3)', () => {
    const chunks = chunkDocument({ url: 'u', title: 't', blocks: [heading(2, 'A'), heading(3, 'B'), text('x'), heading(2, 'C'), text('y')] });
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['A', 'B'], ['C']]);
  });

  it('splits a long section between sentences near the target size, with overlap', () => {
    const paragraph = Array.from({ length: 40 }, (_, index) => sentence(index)).join(' ');
    const chunks = chunkDocument({ url: 'u', title: 't', blocks: [heading(2, 'Delivery'), text(paragraph)] }, { targetSize: 300, overlap: 80 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(301);
      expect(chunk.headingPath).toEqual(['Delivery']);
      expect(chunk.text).toMatch(/^Sentence number \d+/); // starts on a sentence boundary
    }
    for (let index = 1; index < chunks.length; index++) {
      const firstSentence = chunks[index]!.text.split('. ')[0]!;
      expect(chunks[index - 1]!.text).toContain(firstSentence); // the overlap repeats the previous chunk's end
    }
    const covered = chunks.map((chunk) => chunk.text).join(' ');
    for (let index = 0; index < 40; index++) expect(covered).toContain(sentence(index));
  });

  it('keeps a section whole when it is within 25 % of the target', () => {
    const body = 'x'.repeat(1200);
    expect(chunkDocument({ url: 'u', title: 't', blocks: [text(body)] })).toHaveLength(1);
  });

  it('cuts a single sentence longer than the target between words', () => {
    const words = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const chunks = chunkDocument({ url: 'u', title: 't', blocks: [text(words)] }, { targetSize: 200, overlap: 0 });
    expect(chunks.every((chunk) => chunk.text.length <= 200)).toBe(true);
    expect(chunks.map((chunk) => chunk.text).join(' ')).toBe(words);
  });
});

describe('splitText and tailOf', () => {
  it('splits between sentences and takes a tail that starts at a sentence', () => {
    expect(splitText('One. Two two. Three three three.', 15)).toEqual(['One.', 'Two two.', 'Three three', 'three.']);
    expect(tailOf('First sentence. Second one here.', 20)).toBe('Second one here.');
    expect(tailOf('no sentence boundary at all here', 10)).toBe('all here');
  });
});
