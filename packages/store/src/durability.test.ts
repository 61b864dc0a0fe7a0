/**
 * "Nothing that had been acknowledged is lost": a writer process is killed with SIGKILL (no chance to
 * flush or close) in the middle of its writes; every write it reported as done must be in the database
 * when it is opened again, and the file must pass SQLite's integrity check.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseUrl, dropSchema, uniqueSchema } from './contract/harness.ts';
import { PostgresStore } from './postgres/postgres-store.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { ConversationStore } from './types.ts';

const writer = fileURLToPath(new URL('./__fixtures__/durability-writer.ts', import.meta.url));

interface Acknowledged {
  conversations: string[];
  messages: string[];
  finished: string[];
}

/** Runs the writer; kills it with SIGKILL once it has acknowledged `killAfter` lines (if given). */
function runWriter(args: string[], killAfter?: number): Promise<Acknowledged & { code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', writer, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: Acknowledged = { conversations: [], messages: [], finished: [] };
    let lines = 0;
    let buffered = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) {
        const [kind, id] = line.split(' ');
        if (kind === 'conversation') acknowledged.conversations.push(id!);
        if (kind === 'message') acknowledged.messages.push(id!);
        if (kind === 'finished') acknowledged.finished.push(id!);
        lines += 1;
        if (killAfter !== undefined && lines === killAfter) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (killAfter === undefined && code !== 0) reject(new Error(`writer failed (${code}): ${errors}`));
      else if (killAfter !== undefined && signal !== 'SIGKILL') reject(new Error(`writer was not killed: ${errors}`));
      else resolve({ ...acknowledged, code });
    });
  });
}

async function expectAllPresent(store: ConversationStore, acknowledged: Acknowledged): Promise<void> {
  const messages = new Map<string, string>();
  for (const id of acknowledged.conversations) {
    const transcript = await store.getTranscriptForOwner(id);
    expect(transcript, `conversation ${id}`).toBeDefined();
    for (const turn of transcript!.turns) {
      messages.set(turn.user.id, turn.user.status);
      for (const answer of turn.answers) messages.set(answer.id, answer.status);
    }
  }
  for (const id of acknowledged.messages) expect(messages.has(id), `message ${id}`).toBe(true);
  for (const id of acknowledged.finished) expect(messages.get(id), `answer ${id}`).toBe('complete');
}

describe('durability', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sitechat-durability-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps every acknowledged SQLite write when the writer is SIGKILLed mid-way', async () => {
    const path = join(folder, 'chat.db');
    const acknowledged = await runWriter(['sqlite', path], 1200);
    expect(acknowledged.conversations.length).toBeGreaterThan(200);
    const store = await SqliteStore.open({ path });
    try {
      expect(await store.integrityCheck()).toEqual([]);
      await expectAllPresent(store, acknowledged);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('lets several processes open one fresh SQLite file and write at once', async () => {
    const path = join(folder, 'shared.db');
    const runs = await Promise.all([1, 2, 3].map(() => runWriter(['sqlite', path, '25'])));
    const store = await SqliteStore.open({ path });
    try {
      expect(await store.schemaVersions()).toEqual([1, 2]);
      expect((await store.getStats()).conversations).toBe(75);
      for (const run of runs) await expectAllPresent(store, run);
    } finally {
      await store.close();
    }
  }, 60_000);

  it.skipIf(databaseUrl === undefined)(
    'keeps every acknowledged PostgreSQL write when the writer is SIGKILLed mid-way',
    async () => {
      const schema = uniqueSchema();
      try {
        const acknowledged = await runWriter(['postgres', databaseUrl!, schema], 400);
        expect(acknowledged.conversations.length).toBeGreaterThan(50);
        const store = await PostgresStore.open({ url: databaseUrl!, schema });
        try {
          await expectAllPresent(store, acknowledged);
        } finally {
          await store.close();
        }
      } finally {
        await dropSchema(databaseUrl!, schema);
      }
    },
    60_000,
  );
});
