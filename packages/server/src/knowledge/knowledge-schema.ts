/**
 * The `knowledge` section of the configuration: where the index is, which sources feed it (and which of
 * them answers may use), how many passages an answer gets and how good they must be. Spread into the main
 * schema (config/schema.ts), strict like every other setting; documented in docs/knowledge.md and
 * docs/configuration.md.
 */
import { z } from 'zod';

export const KNOWLEDGE_DEFAULTS = {
  /**
   * Relative to the working folder, beside the conversation store's `.sitechat/sitechat.db`. Used when neither
   * `knowledge.path` nor `knowledge.url` is set and the store is not in PostgreSQL.
   */
  path: '.sitechat/knowledge.db',
  /** Passages per answer: enough for a question that spans two pages, few enough to stay cheap. */
  passages: 5,
  /** @sitechat/knowledge's DEFAULT_MIN_SCORE, chosen on the sample help centre (docs/knowledge.md). */
  minScore: 0.5,
} as const;

const objectError = { error: 'must be an object' };
const text = (what = 'text') => z.string({ error: `must be ${what}` });
const nonEmpty = () => text().min(1, { error: 'must not be empty' });
const flag = () => z.boolean({ error: 'must be true or false' });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const url = () => text('a URL').refine(isHttpUrl, { error: 'must be an http:// or https:// URL' });

function wholeNumber(min: number, max: number) {
  const error = `must be a whole number between ${min} and ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** Whether this source's passages may be used in answers; a disabled source stays in the index. */
const enabled = flag().default(true);

const folderSourceSchema = z.strictObject(
  {
    type: z.literal('folder'),
    /** Markdown, HTML, text and PDF files under this folder (relative to the working folder). */
    path: nonEmpty(),
    /** Where the folder is published: a file's citation link is this plus its relative path. */
    baseUrl: url().optional(),
    enabled,
  },
  objectError,
);

const sitemapSourceSchema = z.strictObject(
  {
    type: z.literal('sitemap'),
    /** The site (its sitemap is found through robots.txt or /sitemap.xml), or the sitemap itself. */
    url: url(),
    /** Also follow same-host links on the pages (always on when the site has no sitemap). */
    followLinks: flag().optional(),
    /** Requests in flight at once. Default 2. */
    concurrency: wholeNumber(1, 16).optional(),
    /** Least time between two requests' starts; robots.txt `Crawl-delay` wins when longer. Default 0. */
    delayMs: wholeNumber(0, 60_000).optional(),
    /** Default 10 000. */
    maxPages: wholeNumber(1, 1_000_000).optional(),
    enabled,
  },
  objectError,
);

const urlsSourceSchema = z.strictObject(
  {
    type: z.literal('urls'),
    /** Pages on one host (the first one's), fetched with the crawl's politeness. */
    urls: z.array(url(), { error: 'must be a list of URLs' }).min(1, { error: 'must list at least one URL' }),
    enabled,
  },
  objectError,
);

const sourceSchema = z.discriminatedUnion('type', [folderSourceSchema, sitemapSourceSchema, urlsSourceSchema], {
  // Reported at `sources.<name>.type` when the type is wrong, at `sources.<name>` when it is not an object.
  error: (issue) =>
    typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input)
      ? 'must be "folder", "sitemap" or "urls"'
      : 'must be an object with "type": "folder", "sitemap" or "urls"',
});

/** Source names go into the index and into file names (the ingest journal): keep them plain. */
const SOURCE_NAME_RULE = 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
const sourceName = text('a name').regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, { error: SOURCE_NAME_RULE });

const embeddingsSchema = z.strictObject(
  {
    /** e.g. `text-embedding-3-small`; with it, retrieval is hybrid (full text + vectors). */
    model: nonEmpty(),
    /** Default: `model.baseURL` (or OpenAI). */
    baseURL: url().optional(),
    /** Default: `model.apiKey` when the embeddings live on the model's server (no `baseURL` of their own). */
    apiKey: nonEmpty().optional(),
    /** Shorter vectors, for models that support it (text-embedding-3-*). */
    dimensions: wholeNumber(1, 8192).optional(),
  },
  objectError,
);

export const knowledgeSchema = z.strictObject(
  {
    /**
     * The SQLite index file, relative to the working folder; its folder is created. Set, it wins over the
     * store's PostgreSQL; with neither `path` nor `url`, the index follows the store (`indexLocation`).
     */
    path: nonEmpty().optional(),
    /** `postgres://...`: the index in PostgreSQL. Default: the store's PostgreSQL (`DATABASE_URL`), if any. */
    url: text('a connection string').min(1, { error: 'must not be empty' }).optional(),
    /** Named sources for `sitechat ingest`; `enabled: false` keeps one out of answers. */
    sources: z
      .record(sourceName, sourceSchema, {
        // A bad name is reported under the name itself (`knowledge.sources.my site: must be ...`).
        error: (issue) => (issue.code === 'invalid_key' ? `is not a valid source name: ${SOURCE_NAME_RULE}` : 'must be an object of named sources'),
      })
      .default({}),
    /** Most passages an answer is grounded in. */
    passages: wholeNumber(1, 20).default(KNOWLEDGE_DEFAULTS.passages),
    /** 0 to 1: passages scoring lower are not used; with none left the assistant says it does not know. */
    minScore: z
      .number({ error: 'must be a number between 0 and 1' })
      .min(0, { error: 'must be a number between 0 and 1' })
      .max(1, { error: 'must be a number between 0 and 1' })
      .default(KNOWLEDGE_DEFAULTS.minScore),
    /**
     * Words and phrases that mean the same on this site, as groups: `[["amex", "american express"], ["workshop", "class"]]`.
     * A question using one also searches for the others. Default none.
     */
    synonyms: z
      .array(
        z
          .array(nonEmpty().max(100, { error: 'must be at most 100 characters' }), { error: 'must be a list of words or phrases' })
          .min(2, { error: 'must list at least two words or phrases' })
          .max(50, { error: 'must list at most 50 words or phrases' }),
        { error: 'must be a list of groups, e.g. [["amex", "american express"]]' },
      )
      .max(10_000, { error: 'must have at most 10000 groups' })
      .optional(),
    /**
     * Also search for general English synonyms of the question's words (a thesaurus generated from WordNet,
     * a synonym counting a quarter of the visitor's own word). Default true: on the sample help centre and
     * its held-out questions it found more of the right pages and never fewer with full-text search
     * (docs/knowledge.md); `false` searches the visitor's own words only.
     */
    thesaurus: z.boolean({ error: 'must be true or false' }).optional(),
    /** How the assistant names the site in its grounding instructions, e.g. "Fernhill Coffee". Default "this website". */
    siteName: nonEmpty().max(100, { error: 'must be at most 100 characters' }).optional(),
    embeddings: embeddingsSchema.optional(),
  },
  objectError,
).refine((knowledge) => knowledge.path === undefined || knowledge.url === undefined, {
  // Two explicit places for one index: neither can quietly win.
  error: 'cannot be set together with knowledge.path: the index is either a SQLite file or in PostgreSQL',
  path: ['url'],
});

export type KnowledgeConfig = z.output<typeof knowledgeSchema>;
export type KnowledgeSourceConfig = z.output<typeof sourceSchema>;
