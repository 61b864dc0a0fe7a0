/**
 * Node-only (it loads `@sitechat/knowledge`): a `SitechatKnowledge` backed by a `KnowledgeBase`.
 */
import { buildGroundingPrompt, type KnowledgeBase, type Passage, searchKnowledge, type SearchOptions } from '@sitechat/knowledge';
import type { Logger } from '../http/logger.js';
import type { KnowledgeConfig } from './knowledge-schema.js';
import type { Grounding, SitechatKnowledge } from './sitechat-knowledge.js';

export interface KnowledgeGroundingOptions extends Pick<KnowledgeConfig, 'passages' | 'minScore' | 'siteName' | 'synonyms'> {
  /** `knowledge.thesaurus`: also search for general English synonyms. Default true. */
  thesaurus?: boolean;
  logger: Logger;
}

/**
 * Added when nothing was found: the "say you could not find it" instruction should not meet "hello" or
 * "thanks" (which have nothing to find) with an apology.
 */
export const SMALL_TALK_NOTE =
  'If the visitor is only greeting you, thanking you or saying goodbye, reply briefly and kindly and offer to help; that needs no passage.';

/**
 * Grounds each answer in the top `passages` passages scoring at least `minScore`. With none, the model is
 * told that the site does not cover the question and to say so plainly (in the visitor's language): the
 * "does not know" path of docs/knowledge.md. Search failures never fail the answer: when the embeddings
 * server fails, the search is retried with full text alone; when the index itself fails, the answer goes
 * the "does not know" way, and the owner's log says why.
 * @example
 * createSitechat(config, { knowledge: knowledgeGrounding(base, { passages: 5, minScore: 0.5, logger }) });
 */
export function knowledgeGrounding(base: KnowledgeBase, options: KnowledgeGroundingOptions): SitechatKnowledge {
  const { logger } = options;
  const search = async (query: string, settings: SearchOptions): Promise<Passage[]> => {
    try {
      return await base.search(query, settings);
    } catch (error) {
      settings.signal?.throwIfAborted();
      logger.warn('knowledge search failed; retrying with full text alone', { name: (error as Error)?.name });
    }
    try {
      return await searchKnowledge(base.index, query, settings);
    } catch (error) {
      settings.signal?.throwIfAborted();
      logger.error('knowledge search failed; answering without passages', { name: (error as Error)?.name });
      return [];
    }
  };

  return {
    async ground({ question, query, pageUrl, signal }): Promise<Grounding> {
      const passages = await search(query, {
        limit: options.passages,
        minScore: options.minScore,
        ...(options.synonyms === undefined ? {} : { synonyms: options.synonyms }),
        ...(options.thesaurus === undefined ? {} : { thesaurus: options.thesaurus }),
        ...(pageUrl === undefined ? {} : { pageUrl }),
        ...(signal === undefined ? {} : { signal }),
      });
      const prompt = buildGroundingPrompt(passages, { question, ...(options.siteName === undefined ? {} : { siteName: options.siteName }) });
      return passages.length > 0 ? prompt : { system: `${prompt.system}\n${SMALL_TALK_NOTE}`, sources: [] };
    },
  };
}
