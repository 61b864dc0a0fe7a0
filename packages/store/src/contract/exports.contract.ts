import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTrainingData, systemPrompt } from '../__fixtures__/training-data.ts';
import { exportPreference } from '../export/preference.ts';
import { exportSft } from '../export/sft.ts';
import type { Harness, HarnessFactory } from './harness.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it instead (review the diff before committing). */
async function expectGolden(name: string, actual: string): Promise<void> {
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(fixture(name), actual);
  expect(actual).toBe(await readFile(fixture(name), 'utf8'));
}

export function exportContract(open: HarnessFactory): void {
  describe('fine-tuning exports', () => {
    let harness: Harness;
    beforeEach(async () => {
      harness = await open();
      await seedTrainingData(harness.store, harness.clock);
    });
    afterEach(() => harness.dispose());

    it('writes the SFT file byte for byte as the golden file', async () => {
      let output = '';
      const summary = await exportSft(harness.store, { systemPrompt, output: (line) => void (output += line) });
      await expectGolden('sft.golden.jsonl', output);
      expect(summary).toEqual({ written: 4, skipped: { no_rated_answer: 1 } });
    });

    it('writes the preference file byte for byte as the golden file', async () => {
      let output = '';
      const summary = await exportPreference(harness.store, { systemPrompt, output: (line) => void (output += line) });
      await expectGolden('preference.golden.jsonl', output);
      expect(summary).toEqual({
        written: 3,
        skipped: { tie: 1, duplicate_of_comparison: 1, identical_outputs: 1 },
      });
    });
  });
}
