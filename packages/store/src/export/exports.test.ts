/** Export options and plumbing; the golden-file tests run per engine in `contract/exports.contract.ts`. */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTrainingData, systemPrompt } from '../__fixtures__/training-data.ts';
import { conversation } from '../contract/builders.ts';
import { sqliteHarness, type Harness } from '../contract/harness.ts';
import { exportPreference, preferenceLines } from './preference.ts';
import { exportSft, sftLines } from './sft.ts';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('exports', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await sqliteHarness();
    await seedTrainingData(harness.store, harness.clock);
  });
  afterEach(() => harness.dispose());

  it('leaves the system prompt out unless given, and redacts unless told not to', async () => {
    const plain = parse(await collect(sftLines(harness.store, { redact: false })));
    expect(JSON.stringify(plain)).not.toContain('"system"');
    expect(JSON.stringify(plain)).toContain('jo.doe@example.com');
    expect(JSON.stringify(plain)).toContain('4111 1111 1111 1111');
    const emailOnly = JSON.stringify(parse(await collect(sftLines(harness.store, { redact: { phone: false, card: false } }))));
    expect(emailOnly).toContain('[email]');
    expect(emailOnly).toContain('4111 1111 1111 1111');
  });

  it('trains only on answers rated at least minRating', async () => {
    const lines = sftLines(harness.store, { minRating: 2 });
    const examples = parse(await collect(lines));
    // Only conversation 5 has a rating of 2.
    expect(examples).toHaveLength(1);
    expect(JSON.stringify(examples[0])).toContain('pay at checkout');
    expect(lines.summary).toEqual({ written: 1, skipped: {} });
  });

  it('limits both exports to conversations started in [from, to)', async () => {
    // Conversations start at 10:00, 11:00, ... 16:00 on 2025-03-01 (one per hour after the clock's 09:00).
    const from = new Date('2025-03-01T11:00:00.000Z');
    const to = new Date('2025-03-01T13:00:00.000Z');
    const sft = parse(await collect(sftLines(harness.store, { from, to })));
    expect(sft.map((example) => JSON.stringify(example).includes('return policy'))).toEqual([true]);
    const preference = preferenceLines(harness.store, { from, to });
    expect(await collect(preference)).toHaveLength(2);
    expect(preference.summary).toEqual({ written: 2, skipped: { tie: 1 } });
    expect(await collect(sftLines(harness.store, { site: 'elsewhere' }))).toEqual([]);
  });

  it('leaves flagged conversations out unless asked to include them', async () => {
    const first = (await harness.store.listConversations({ limit: 200 })).items.at(-1)!;
    await harness.store.setModeration(first.id, { reason: 'jailbreak attempt' });
    expect((await exportSft(harness.store, { output: () => {} })).written).toBe(3);
    expect((await exportSft(harness.store, { output: () => {}, includeFlagged: true })).written).toBe(4);
  });

  it('reports progress from 0 to the number of conversations scanned', async () => {
    const calls: [number, number][] = [];
    await exportSft(harness.store, { output: () => {}, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [0, 5],
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    const preferenceCalls: number[] = [];
    await exportPreference(harness.store, { output: () => {}, onProgress: (_, total) => preferenceCalls.push(total) });
    expect(new Set(preferenceCalls)).toEqual(new Set([4]));
  });

  it('respects a stream asking to wait, and writes the same bytes as the iterator', async () => {
    const written: string[] = [];
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        setTimeout(callback, 1);
      },
    });
    slow.on('drain', () => (waits += 1));
    const summary = await exportSft(harness.store, { systemPrompt, output: slow });
    expect(summary.written).toBe(4);
    expect(waits).toBeGreaterThan(0);
    expect(written.join('')).toBe((await collect(sftLines(harness.store, { systemPrompt }))).join(''));
  });

  it('rejects when the output stream fails', async () => {
    const broken = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        setTimeout(() => callback(new Error('disk full')), 1);
      },
    });
    broken.on('error', () => {});
    await expect(exportSft(harness.store, { output: broken })).rejects.toThrow('disk full');
  });

  it('writes to a file in batches without holding the store in memory', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sitechat-export-'));
    try {
      for (let index = 0; index < 30; index += 1) {
        const made = await conversation(harness.store, `bulk-${index}`, [[`question ${index}`, `answer ${index}`]]);
        await harness.store.recordFeedback(`bulk-${index}`, { messageId: made.messages[1]!.id, rating: 1 });
      }
      const file = join(folder, 'sft.jsonl');
      const output = createWriteStream(file);
      const summary = await exportSft(harness.store, { output, batchSize: 7 });
      await new Promise((resolve) => output.end(resolve));
      expect(summary.written).toBe(34);
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(34);
      expect(lines.at(-1)).toContain('answer 29');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
