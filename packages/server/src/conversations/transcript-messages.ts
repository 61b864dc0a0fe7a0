import type { MessageStatus, Transcript } from '@sitechat/store';
import type { UIMessage } from '@sitechat/protocol';

/** What an assistant message restored by `GET /api/conversations/:id` carries in `metadata`. */
export interface RestoredAnswerMetadata {
  /** The question it answers; alternatives (regenerated answers) share it. */
  parentId: string;
  status: MessageStatus;
  feedback?: { rating: 'up' | 'down'; comment?: string };
}

export interface ConversationBody {
  id: string;
  messages: UIMessage<RestoredAnswerMetadata | undefined>[];
}

/**
 * A stored conversation as the widget restores it: the questions of the active branch, each followed by
 * every answer to it oldest first (regenerated alternatives included, failed and stopped ones with what had
 * arrived), in AI SDK `UIMessage` form. Which alternative to show is the widget's choice; the last complete
 * one is what the model sees next. Questions the visitor edited are left out, as the widget left them out
 * when they were edited: the widget has no way to show them, and the model no longer sees them.
 */
export function toConversationBody(transcript: Transcript): ConversationBody {
  const messages: ConversationBody['messages'] = [];
  for (const turn of transcript.turns.filter((turn) => turn.onActiveBranch)) {
    messages.push({ id: turn.user.id, role: 'user', parts: [{ type: 'text', text: turn.user.text }] });
    for (const answer of turn.answers) {
      const metadata: RestoredAnswerMetadata = { parentId: turn.user.id, status: answer.status };
      const rating = answer.feedback?.rating ?? 0;
      if (rating !== 0) {
        metadata.feedback = { rating: rating > 0 ? 'up' : 'down' };
        if (answer.feedback?.comment) metadata.feedback.comment = answer.feedback.comment;
      }
      messages.push({
        id: answer.id,
        role: 'assistant',
        parts: answer.text === '' ? [] : [{ type: 'text', text: answer.text }],
        metadata,
      });
    }
  }
  return { id: transcript.conversation.id, messages };
}
