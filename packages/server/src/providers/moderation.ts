import { ErrorCode } from '@sitechat/protocol';
import OpenAI from 'openai';
import { OPENAI_BASE_URL } from '../config/defaults.js';
import { ProviderError } from './errors.js';

export interface ModerationVerdict {
  flagged: boolean;
  /** The categories that were flagged (`harassment`, `self-harm`, ...). */
  categories: string[];
}

/** The seam between the moderation middleware and a moderation service. */
export interface Moderator {
  /**
   * One verdict per input, in order.
   * @throws ProviderError `moderation_unavailable` when the service cannot be reached or answers nonsense.
   */
  moderate(inputs: readonly string[], signal?: AbortSignal): Promise<ModerationVerdict[]>;
}

export interface OpenAIModeratorOptions {
  apiKey?: string | undefined;
  /** Default: OpenAI's API. */
  baseURL?: string | undefined;
  /** Default `omni-moderation-latest`. */
  model?: string;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Inputs per moderation request; longer lists are sent as several requests at once. */
const BATCH = 16;

/**
 * OpenAI's moderation endpoint (`POST /moderations`) through the `openai` client. Every failure (network,
 * status, a malformed answer) becomes `moderation_unavailable`; the upstream's text is never kept.
 * @example
 * const moderator = createOpenAIModerator({ apiKey });
 * const [verdict] = await moderator.moderate(['some text']);
 */
export function createOpenAIModerator(options: OpenAIModeratorOptions = {}): Moderator {
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'sitechat-no-key',
    baseURL: options.baseURL ?? OPENAI_BASE_URL,
    organization: null,
    project: null,
    timeout: options.timeoutMs ?? 10_000,
    maxRetries: 1,
    logLevel: 'off',
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const model = options.model ?? 'omni-moderation-latest';

  async function batch(inputs: readonly string[], signal: AbortSignal | undefined): Promise<ModerationVerdict[]> {
    let upstreamStatus: number | undefined;
    try {
      const response = await client.moderations.create({ model, input: [...inputs] }, signal === undefined ? {} : { signal });
      if (!Array.isArray(response.results) || response.results.length !== inputs.length) throw new Error('malformed');
      return response.results.map((result) => ({
        flagged: result.flagged === true,
        categories: Object.entries(result.categories ?? {})
          .filter(([, flagged]) => flagged === true)
          .map(([name]) => name),
      }));
    } catch (error) {
      upstreamStatus = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : undefined;
      throw new ProviderError(ErrorCode.ModerationUnavailable, { retryable: true, ...(upstreamStatus === undefined ? {} : { upstreamStatus }) });
    }
  }

  return {
    async moderate(inputs, signal) {
      const batches: Array<Promise<ModerationVerdict[]>> = [];
      for (let start = 0; start < inputs.length; start += BATCH) batches.push(batch(inputs.slice(start, start + BATCH), signal));
      return (await Promise.all(batches)).flat();
    },
  };
}
