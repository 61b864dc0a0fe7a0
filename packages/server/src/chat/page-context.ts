import { ErrorCode } from '@sitechat/protocol';
import { z } from 'zod';
import { SitechatError } from '../http/errors.js';
import { formatIssues, problemText } from '../validation/format-issues.js';

/**
 * Longer `context.url` values are ignored, not refused: a page with a huge query string must not break the
 * chat. What is kept of an address (origin + path) is at most 2048 characters.
 */
export const MAX_CONTEXT_URL_CHARS = 8192;
/** What is kept of a title; a longer one is cut. */
const TITLE_KEPT = 200;

/**
 * The `context` the widget sends with each question: the page the visitor is on. Only `url` and `title` are
 * read, both plain strings; other fields (the owner's own, via the widget's `context` property) are dropped.
 */
const contextSchema = z.object(
  {
    context: z
      .object(
        {
          url: z.string({ error: 'must be a string' }).optional(),
          title: z.string({ error: 'must be a string' }).optional(),
        },
        { error: 'must be an object' },
      )
      .nullish(),
  },
  { error: 'must be a JSON object' },
);

/** Where the visitor asked from. Untrusted: used to rank passages, never sent to the model as instructions. */
export interface PageContext {
  /** `origin + pathname` of an http(s) page: the query and fragment (which may carry tokens) are dropped. */
  url?: string;
  /** Whitespace collapsed, at most 200 characters. */
  title?: string;
}

function pageUrl(value: string): string | undefined {
  if (value.length > MAX_CONTEXT_URL_CHARS) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return `${url.origin}${url.pathname}`.slice(0, 2048);
  } catch {
    return undefined;
  }
}

/**
 * Reads the chat request's optional `context: { url?, title? }`.
 * The body size limit bounds both strings.
 * @throws SitechatError 400 `invalid_request` when `context` is not an object, or `url`/`title` is not a
 * string. A `url` that is not an http(s) address, or is longer than 8192 characters, is ignored; a title is
 * cut to 200 characters.
 * @example
 * parsePageContext({ messages, context: { url: 'https://example.com/help/returns?ref=mail', title: 'Returns' } });
 * // { url: 'https://example.com/help/returns', title: 'Returns' }
 */
export function parsePageContext(body: unknown): PageContext {
  const result = contextSchema.safeParse(body);
  if (!result.success) {
    const problems = formatIssues(result.error.issues).slice(0, 3).map(problemText);
    throw new SitechatError(400, ErrorCode.InvalidRequest, `Invalid request: ${problems.join('; ')}.`);
  }
  const context = result.data.context;
  if (context === undefined || context === null) return {};
  const url = context.url === undefined ? undefined : pageUrl(context.url);
  const title = context.title?.slice(0, TITLE_KEPT * 4).replace(/\s+/g, ' ').trim().slice(0, TITLE_KEPT);
  return { ...(url === undefined ? {} : { url }), ...(title ? { title } : {}) };
}
