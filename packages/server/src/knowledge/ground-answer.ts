import type { PageContext } from '../chat/page-context.js';
import type { ChatTurn } from '../chat/request-schema.js';
import { retrievalQuery } from './retrieval-query.js';
import type { Grounding, SitechatKnowledge } from './sitechat-knowledge.js';

/**
 * The grounding for the answer to the conversation's last question, or `undefined` without a knowledge base.
 * The search uses the question made standalone (`retrievalQuery`) and the page the visitor is on; the page's
 * title is not used (it is the visitor's browser's word, and a title says less than the question).
 * @example
 * const grounding = await groundAnswer(knowledge, answer.turns, parsePageContext(body), upstream.signal);
 */
export async function groundAnswer(
  knowledge: SitechatKnowledge | undefined,
  turns: readonly ChatTurn[],
  page: PageContext,
  signal: AbortSignal,
): Promise<Grounding | undefined> {
  if (knowledge === undefined) return undefined;
  const question = turns.findLast((turn) => turn.role === 'user')?.text ?? '';
  if (question.trim() === '') return undefined;
  return knowledge.ground({ question, query: retrievalQuery(turns), ...(page.url === undefined ? {} : { pageUrl: page.url }), signal });
}
