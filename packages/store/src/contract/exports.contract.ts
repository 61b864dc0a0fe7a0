import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTrainingData, systemPrompt } from '../__fixtures__/training-data.ts';
import { exportPreference } from '../export/preference.ts';
import { exportSft } from '../export/sft.ts';
import type { ConversationStore } from '../types.ts';
import { answer, ask } from './builders.ts';
import type { Harness, HarnessFactory } from './harness.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

/** Runs an export into memory: the parsed lines and the summary. */
async function run(store: ConversationStore, exporter: typeof exportSft | typeof exportPreference) {
  let output = '';
  const summary = await exporter(store, { output: (line) => void (output += line) });
  const lines = output.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  return { lines, summary };
}

/** `role:content` (and `/weight`), to read examples at a glance. */
const brief = (messages: { role: string; content: string; weight?: number }[]) =>
  messages.map((message) => `${message.role}:${message.content}${message.weight === undefined ? '' : `/${message.weight}`}`);

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

  describe('fine-tuning exports of edited questions', () => {
    let harness: Harness;
    let store: ConversationStore;
    let conversationId: string;
    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      conversationId = (await store.createConversation({ visitorId: 'v1' })).id;
    });
    afterEach(() => harness.dispose());

    /** Q1 -> A1, Q2 -> A2, then Q2 edited (a sibling of Q2) -> A2 edited. */
    async function editedConversation() {
      const q1 = await ask(store, 'v1', conversationId, 'Q1');
      const a1 = await answer(store, 'v1', q1, 'A1');
      const q2 = await ask(store, 'v1', conversationId, 'Q2');
      const a2 = await answer(store, 'v1', q2, 'A2');
      const edited = await store.appendUserMessage('v1', { conversationId, text: 'Q2 edited', parentId: q1.id });
      const a2Edited = await answer(store, 'v1', edited, 'A2 edited');
      return { q1, a1, q2, a2, edited, a2Edited };
    }

    it('SFT: one example per branch with a rated answer, each in its own context, a shared answer trained once', async () => {
      const { a1, a2, a2Edited } = await editedConversation();
      for (const messageId of [a1.id, a2.id, a2Edited.id]) await store.recordFeedback('v1', { messageId, rating: 1 });
      const { lines, summary } = await run(store, exportSft);
      expect(lines.map((line) => brief(line.messages))).toEqual([
        ['user:Q1', 'assistant:A1/1', 'user:Q2', 'assistant:A2/1'],
        ['user:Q1', 'assistant:A1/0', 'user:Q2 edited', 'assistant:A2 edited/1'],
      ]);
      expect(summary).toEqual({ written: 2, skipped: {} });
    });

    it('SFT: a branch with nothing rated is no example, and the original is not the context of the edit', async () => {
      const { a2Edited } = await editedConversation();
      await store.recordFeedback('v1', { messageId: a2Edited.id, rating: 1 });
      const { lines } = await run(store, exportSft);
      expect(lines.map((line) => brief(line.messages))).toEqual([['user:Q1', 'assistant:A1/0', 'user:Q2 edited', 'assistant:A2 edited/1']]);
    });

    it('preference: never pairs an edited question with its original (different prompts); pairs within a branch see that branch', async () => {
      const { a2, edited, a2Edited } = await editedConversation();
      await store.recordFeedback('v1', { messageId: a2.id, rating: 1 });
      await store.recordFeedback('v1', { messageId: a2Edited.id, rating: -1 });
      expect(await run(store, exportPreference)).toEqual({ lines: [], summary: { written: 0, skipped: {} } });

      const regenerated = await answer(store, 'v1', edited, 'A2 edited, better');
      await store.recordFeedback('v1', { messageId: regenerated.id, rating: 1 });
      const { lines } = await run(store, exportPreference);
      expect(lines.map((line) => [brief(line.input.messages), line.preferred_output[0].content, line.non_preferred_output[0].content])).toEqual([
        [['user:Q1', 'assistant:A1', 'user:Q2 edited'], 'A2 edited, better', 'A2 edited'],
      ]);
    });
  });
}
