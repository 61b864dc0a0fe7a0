import { describe, expect, it } from 'vitest';
import type { Message } from '../records.ts';
import { activeBranch, allBranches, buildTurns, historyOf, isUsableAnswer } from './branch.ts';

let seq = 0;
function message(fields: Partial<Message> & Pick<Message, 'id' | 'role'>): Message {
  seq += 1;
  return {
    conversationId: 'c',
    seq,
    parentId: null,
    text: fields.id,
    status: 'complete',
    model: null,
    tokensIn: null,
    tokensOut: null,
    timeToFirstTokenMs: null,
    finishReason: null,
    errorCode: null,
    metadata: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    finishedAt: null,
    ...fields,
  };
}

describe('buildTurns and historyOf', () => {
  it('keeps the latest usable answer of each turn and leaves alternatives out of history', () => {
    const messages = [
      message({ id: 'u1', role: 'user' }),
      message({ id: 'a1', role: 'assistant', parentId: 'u1' }),
      message({ id: 'a1-regenerated', role: 'assistant', parentId: 'u1' }),
      message({ id: 'a1-failed', role: 'assistant', parentId: 'u1', status: 'error', text: 'partial' }),
      message({ id: 'u2', role: 'user', parentId: 'u1' }),
      message({ id: 'a2-stopped', role: 'assistant', parentId: 'u2', status: 'stopped' }),
      message({ id: 'a2-empty', role: 'assistant', parentId: 'u2', status: 'stopped', text: ' ' }),
      message({ id: 'u3', role: 'user', parentId: 'u2' }),
      message({ id: 'a3-open', role: 'assistant', parentId: 'u3', status: 'streaming' }),
    ];
    const turns = buildTurns(messages.reverse());
    expect(turns.map((turn) => [turn.user.id, turn.answers.length, turn.activeAnswerId])).toEqual([
      ['u1', 3, 'a1-regenerated'],
      ['u2', 2, 'a2-stopped'],
      ['u3', 1, null],
    ]);
    expect(historyOf(turns)?.map((entry) => entry.id)).toEqual(['u1', 'a1-regenerated', 'u2', 'a2-stopped', 'u3']);
  });

  it('ends the history at the user message being answered again', () => {
    const turns = buildTurns([
      message({ id: 'u1', role: 'user' }),
      message({ id: 'a1', role: 'assistant', parentId: 'u1' }),
      message({ id: 'u2', role: 'user', parentId: 'u1' }),
      message({ id: 'a2', role: 'assistant', parentId: 'u2' }),
    ]);
    expect(historyOf(turns, 'u2')?.map((entry) => entry.id)).toEqual(['u1', 'a1', 'u2']);
    expect(historyOf(turns, 'a1')).toBeUndefined();
  });

  it('follows the branch of the most recent question: an edit replaces its original in the history', () => {
    const turns = buildTurns([
      message({ id: 'u1', role: 'user' }),
      message({ id: 'a1', role: 'assistant', parentId: 'u1' }),
      message({ id: 'u2', role: 'user', parentId: 'u1' }),
      message({ id: 'a2', role: 'assistant', parentId: 'u2' }),
      message({ id: 'u2-edited', role: 'user', parentId: 'u1' }),
      message({ id: 'a2-edited', role: 'assistant', parentId: 'u2-edited' }),
      message({ id: 'u1-edited', role: 'user', parentId: null }),
    ]);
    expect(turns.map((turn) => [turn.user.id, turn.onActiveBranch])).toEqual([
      ['u1', false],
      ['u2', false],
      ['u2-edited', false],
      ['u1-edited', true],
    ]);
    expect(activeBranch(turns).map((turn) => turn.user.id)).toEqual(['u1-edited']);
    expect(historyOf(turns)?.map((entry) => entry.id)).toEqual(['u1-edited']);
    // The older branches are still there, whole.
    expect(historyOf(turns, 'u2')?.map((entry) => entry.id)).toEqual(['u1', 'a1', 'u2']);
    expect(allBranches(turns).map((branch) => branch.map((turn) => turn.user.id))).toEqual([
      ['u1', 'u2'],
      ['u1', 'u2-edited'],
      ['u1-edited'],
    ]);
  });

  it('has no branch before the first question', () => {
    expect(activeBranch([])).toEqual([]);
    expect(allBranches([])).toEqual([]);
    expect(historyOf([])).toEqual([]);
  });

  it('treats only finished or stopped answers with text as usable', () => {
    expect(isUsableAnswer({ status: 'complete', text: 'yes' })).toBe(true);
    expect(isUsableAnswer({ status: 'stopped', text: 'par' })).toBe(true);
    expect(isUsableAnswer({ status: 'error', text: 'par' })).toBe(false);
    expect(isUsableAnswer({ status: 'streaming', text: 'par' })).toBe(false);
    expect(isUsableAnswer({ status: 'complete', text: '\n' })).toBe(false);
  });
});
