/**
 * Which messages form the conversation the model sees. Pure functions over loaded rows, shared by the
 * history the server sends upstream, the transcript the widget restores, and the exports, so all three
 * agree on what "the active answer" is.
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
 * Groups messages (in `seq` order) into turns: each user message with its answers, oldest first. The active
 * answer is the latest usable one, so regenerating replaces what the model remembers.
 */
export function buildTurns(messages: readonly Message[], feedback: ReadonlyMap<string, Feedback> = new Map()): Turn[] {
  const turns: Turn[] = [];
  const byUserMessage = new Map<string, Turn>();
  for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
    if (message.role === 'user') {
      const turn: Turn = { user: message, answers: [], activeAnswerId: null };
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
  return turns;
}

export function activeAnswer(turn: Turn): Answer | undefined {
  return turn.answers.find((answer) => answer.id === turn.activeAnswerId);
}

/**
 * The model-visible history: user, active answer, user, active answer... A user message whose answers all
 * failed still appears (the visitor did say it). With `upTo`, ends at that user message, without its answers.
 * Returns `undefined` when `upTo` names no user message of the conversation.
 */
export function historyOf(turns: readonly Turn[], upTo?: string): HistoryMessage[] | undefined {
  const history: HistoryMessage[] = [];
  for (const turn of turns) {
    history.push({ id: turn.user.id, role: 'user', text: turn.user.text });
    if (turn.user.id === upTo) return history;
    const answer = activeAnswer(turn);
    if (answer !== undefined) history.push({ id: answer.id, role: 'assistant', text: answer.text });
  }
  return upTo === undefined ? history : undefined;
}
