/**
 * Which messages form the conversation the model sees. Pure functions over loaded rows, shared by the
 * history the server sends upstream, the transcript the widget restores, and the exports, so all three
 * agree on what "the active branch" and "the active answer" are.
 *
 * Two choices make a branch. Between questions: each question follows its parent (`user.parentId`), and an
 * edited question is a sibling of its original, so the branch that ends at the most recent question is the
 * active one. Between answers to one question: the latest usable one is active. Answers do not fork the
 * tree (a question follows a question, not an answer): the widget regenerates only the last question, so
 * once a question has a follow-up no answer is added before it, and its active answer stays the one the
 * model saw when the follow-up was asked.
 */
import type { Answer, Feedback, HistoryMessage, Message, Turn } from '../records.ts';

/**
 * An answer the model may see as history: finished normally or stopped by the visitor, with some text.
 * Failed answers and open streams are not something the assistant "said".
 */
export function isUsableAnswer(message: Pick<Message, 'status' | 'text'>): boolean {
  return (message.status === 'complete' || message.status === 'stopped') && message.text.trim() !== '';
}

/**
 * Groups messages (in `seq` order) into turns: each user message with its answers, oldest first, every
 * branch's questions in the order they were asked, each marked whether it is on the active branch. The
 * active answer is the latest usable one, so regenerating replaces what the model remembers.
 */
export function buildTurns(messages: readonly Message[], feedback: ReadonlyMap<string, Feedback> = new Map()): Turn[] {
  const turns: Turn[] = [];
  const byUserMessage = new Map<string, Turn>();
  for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
    if (message.role === 'user') {
      const turn: Turn = { user: message, answers: [], activeAnswerId: null, onActiveBranch: false };
      turns.push(turn);
      byUserMessage.set(message.id, turn);
      continue;
    }
    // Answers always have a parent in the same conversation (checked at write time); skip anything else.
    const turn = message.parentId === null ? undefined : byUserMessage.get(message.parentId);
    if (turn === undefined) continue;
    const answer: Answer = { ...message, feedback: feedback.get(message.id) ?? null };
    turn.answers.push(answer);
    if (isUsableAnswer(message)) turn.activeAnswerId = message.id;
  }
  for (const turn of activeBranch(turns)) turn.onActiveBranch = true;
  return turns;
}

export function activeAnswer(turn: Turn): Answer | undefined {
  return turn.answers.find((answer) => answer.id === turn.activeAnswerId);
}

/**
 * The branch that ends at the question `userMessageId`: its turns from the first question on, following
 * each question's parent. `undefined` when no question of `turns` has that id.
 */
export function branchTo(turns: readonly Turn[], userMessageId: string): Turn[] | undefined {
  const byId = new Map(turns.map((turn) => [turn.user.id, turn]));
  let turn = byId.get(userMessageId);
  if (turn === undefined) return undefined;
  const branch: Turn[] = [];
  // A parent is always an earlier message (checked at write time), so the walk ends.
  for (; turn !== undefined; turn = turn.user.parentId === null ? undefined : byId.get(turn.user.parentId)) {
    branch.push(turn);
  }
  return branch.reverse();
}

/**
 * The active branch: the one that ends at the most recently asked question. An edited question is newer
 * than its original, so the edit is what the conversation goes on from.
 */
export function activeBranch(turns: readonly Turn[]): Turn[] {
  const last = turns.at(-1);
  return last === undefined ? [] : branchTo(turns, last.user.id)!;
}

/** Every branch, one per question that no later question follows, in the order those questions were asked. */
export function allBranches(turns: readonly Turn[]): Turn[][] {
  const followed = new Set(turns.map((turn) => turn.user.parentId));
  return turns.filter((turn) => !followed.has(turn.user.id)).map((leaf) => branchTo(turns, leaf.user.id)!);
}

/**
 * The model-visible history of the active branch: user, active answer, user, active answer... A user
 * message whose answers all failed still appears (the visitor did say it). With `upTo`, it is the branch
 * of that user message, ending at it without its answers. Returns `undefined` when `upTo` names no user
 * message of the conversation.
 */
export function historyOf(turns: readonly Turn[], upTo?: string): HistoryMessage[] | undefined {
  const branch = upTo === undefined ? activeBranch(turns) : branchTo(turns, upTo);
  if (branch === undefined) return undefined;
  const history: HistoryMessage[] = [];
  for (const turn of branch) {
    history.push({ id: turn.user.id, role: 'user', text: turn.user.text });
    if (turn.user.id === upTo) break;
    const answer = activeAnswer(turn);
    if (answer !== undefined) history.push({ id: answer.id, role: 'assistant', text: answer.text });
  }
  return history;
}
