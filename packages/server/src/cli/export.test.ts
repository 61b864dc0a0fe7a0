import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@sitechat/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliContext, main } from './main.js';

let directory: string;
let output: { out: string[]; err: string[]; progress: string[] };
let context: CliContext & { progress: { isTTY: boolean; write: (text: string) => void } };

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-export-'));
  output = { out: [], err: [], progress: [] };
  context = {
    env: {},
    cwd: directory,
    out: (line) => output.out.push(line),
    err: (line) => output.err.push(line),
    progress: { isTTY: true, write: (text) => output.progress.push(text) },
  };
  await writeFile(join(directory, 'sitechat.config.json'), JSON.stringify({ systemPrompt: 'You are the Test Bakery assistant.' }));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** One conversation with a comparison and ratings, one with a rated-up answer, one unrated: in the default SQLite file. */
async function seed(extraConversations = 0): Promise<void> {
  // synchronous: 'normal' keeps seeding fast; the CLI opens the file with its own settings.
  const store = await openStore({ path: join(directory, '.sitechat', 'sitechat.db'), synchronous: 'normal' });
  try {
    const visitorId = 'visitor-1';
    await store.createConversation({ id: 'c1', visitorId });
    const q1 = await store.appendUserMessage(visitorId, { conversationId: 'c1', text: 'Recommend a cake. Mail me at ana@example.com' });
    const a1 = await store.startAssistantMessage(visitorId, { conversationId: 'c1', parentId: q1.id });
    await store.finishAssistantMessage(a1.id, { text: 'Try the lemon cake.', status: 'complete', tokensIn: 10, tokensOut: 5 });
    const a2 = await store.startAssistantMessage(visitorId, { conversationId: 'c1', parentId: q1.id });
    await store.finishAssistantMessage(a2.id, { text: 'The lemon cake is fresh; the chocolate one is richer.', status: 'complete', tokensIn: 10, tokensOut: 9 });
    await store.recordFeedback(visitorId, { messageId: a1.id, rating: -1, comment: 'Too short' });
    await store.recordFeedback(visitorId, { messageId: a2.id, rating: 1 });
    await store.recordComparison(visitorId, { userMessageId: q1.id, answerAId: a1.id, answerBId: a2.id, preferred: 'b' });

    await store.createConversation({ id: 'c2', visitorId: 'visitor-2' });
    const q2 = await store.appendUserMessage('visitor-2', { conversationId: 'c2', text: 'Is it gluten free?' });
    const a3 = await store.startAssistantMessage('visitor-2', { conversationId: 'c2', parentId: q2.id });
    await store.finishAssistantMessage(a3.id, { text: 'No.', status: 'complete', tokensIn: 4, tokensOut: 1 });

    for (let index = 0; index < extraConversations; index += 1) {
      const conversationId = `extra-${String(index).padStart(3, '0')}`;
      await store.createConversation({ id: conversationId, visitorId: 'visitor-3' });
      const question = await store.appendUserMessage('visitor-3', { conversationId, text: `Question ${index}?` });
      const answer = await store.startAssistantMessage('visitor-3', { conversationId, parentId: question.id });
      await store.finishAssistantMessage(answer.id, { text: `Answer ${index}.`, status: 'complete' });
      await store.recordFeedback('visitor-3', { messageId: answer.id, rating: 1 });
    }
  } finally {
    await store.close();
  }
}

const lines = async (file: string) => (await readFile(join(directory, file), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));

describe('sitechat export', () => {
  it('writes the SFT file, redacted, and says what it skipped and why', async () => {
    await seed();
    expect(await main(['export', 'sft', '--out', 'sft.jsonl', '--include-system-prompt'], context)).toBe(0);
    expect(await lines('sft.jsonl')).toEqual([
      {
        messages: [
          { role: 'system', content: 'You are the Test Bakery assistant.' },
          { role: 'user', content: 'Recommend a cake. Mail me at [email]' },
          { role: 'assistant', content: 'The lemon cake is fresh; the chocolate one is richer.', weight: 1 },
        ],
      },
    ]);
    expect(output.err).toEqual([
      // c2 has no rating at all: not a candidate, so not "skipped" either.
      `Wrote 1 sft example to ${join(directory, 'sft.jsonl')}. Skipped nothing.`,
    ]);
    expect(existsSync(join(directory, 'sft.jsonl.partial'))).toBe(false);
  });

  it('writes the preference file: the comparison, and the ratings that repeat it are skipped', async () => {
    await seed();
    expect(await main(['export', 'preference', '--out', 'preference.jsonl', '--no-redact'], context)).toBe(0);
    expect(await lines('preference.jsonl')).toEqual([
      {
        input: { messages: [{ role: 'user', content: 'Recommend a cake. Mail me at ana@example.com' }] },
        preferred_output: [{ role: 'assistant', content: 'The lemon cake is fresh; the chocolate one is richer.' }],
        non_preferred_output: [{ role: 'assistant', content: 'Try the lemon cake.' }],
      },
    ]);
    expect(output.err[0]).toMatch(/^Wrote 1 preference example to .*preference\.jsonl\. Skipped 1: 1 duplicate_of_comparison/);
  });

  it('writes to standard output without --out, honours the date range, and draws a bar on big stores', async () => {
    await seed(200);
    const chunks: string[] = [];
    const stdout = { write: (chunk: string) => (chunks.push(chunk), true), once: () => stdout, removeListener: () => stdout };
    (context as { stdout?: unknown }).stdout = stdout;
    expect(await main(['export', 'sft'], context)).toBe(0);
    expect(chunks).toHaveLength(201);
    expect(output.progress.join('')).toMatch(/Exporting sft \[=+\] 100% 201\/201 conversations/);

    chunks.length = 0;
    expect(await main(['export', 'sft', '--to', '2000-01-01'], context)).toBe(0);
    expect(chunks).toEqual([]);
    expect(output.err.at(-1)).toBe('Wrote 0 sft examples. Skipped nothing.');
  });

  it('refuses bad options with a message that says what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['export'], /Which export\? sft or preference/],
      [['export', 'dpo'], /Unknown export: dpo/],
      [['export', 'sft', '--from', 'yesterday'], /--from: not a date \(got "yesterday"\)/],
      [['export', 'sft', '--min-rating', '9'], /--min-rating: must be a whole number from -5 to 5/],
      [['export', 'preference', '--min-rating', '1'], /applies to the sft export only/],
      [['export', 'sft', '--nope'], /Unknown option '--nope'/],
    ];
    for (const [argv, message] of cases) {
      expect(await main(argv, context), argv.join(' ')).toBe(1);
      expect(output.err.at(-1), argv.join(' ')).toMatch(message);
    }
    await writeFile(join(directory, 'sitechat.config.json'), JSON.stringify({ store: false }));
    expect(await main(['export', 'sft'], context)).toBe(1);
    expect(output.err.at(-1)).toMatch(/store is off/);
  });

  it('names the store it cannot open, never its password', async () => {
    context.env = { DATABASE_URL: 'postgres://owner:S3CRET-PASSWORD@127.0.0.1:1/shop' };
    expect(await main(['stats'], context)).toBe(1);
    expect(output.err.at(-1)).toMatch(/^Cannot open the conversation store \(PostgreSQL 127\.0\.0\.1:1\/shop\)/);
    expect(output.err.join('\n')).not.toContain('S3CRET');
  });
});

describe('sitechat stats', () => {
  it('prints the totals', async () => {
    await seed();
    expect(await main(['stats'], context)).toBe(0);
    expect(output.out).toEqual([
      'Conversations   2',
      'Answers         3',
      'Thumbs up       1',
      'Thumbs down     1',
      'Up ratio      50%',
      'Tokens in      24',
      'Tokens out     15',
      '',
      `Store: SQLite ${join(directory, '.sitechat', 'sitechat.db')}`,
    ]);
    output.out.length = 0;
    expect(await main(['stats', '--json'], context)).toBe(0);
    expect(JSON.parse(output.out[0]!)).toEqual({ conversations: 2, answers: 3, thumbsUp: 1, thumbsDown: 1, upRatio: 0.5, tokensIn: 24, tokensOut: 15 });
  });
});
