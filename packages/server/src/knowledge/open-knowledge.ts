/**
 * Node-only: opens the knowledge index `config.knowledge` describes, for `startServer` and the CLI's
 * `ingest` / `sources`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  createKnowledgeBase,
  type EmbedFunction,
  type KnowledgeBase,
  type KnowledgeIndex,
  openAIEmbeddings,
  PostgresKnowledgeIndex,
  SqliteKnowledgeIndex,
} from '@sitechat/knowledge';
import { OPENAI_BASE_URL } from '../config/defaults.js';
import type { SitechatConfig } from '../config/schema.js';
import { silentLogger, type Logger } from '../http/logger.js';
import { embeddingsClient } from './embeddings-client.js';
import { indexLocation } from './index-location.js';
import { knowledgeGrounding } from './knowledge-grounding.js';
import type { SitechatKnowledge } from './sitechat-knowledge.js';

type KnowledgeSettings = Pick<SitechatConfig, 'knowledge' | 'store' | 'model'>;

export interface OpenKnowledgeOptions {
  /** What a relative `knowledge.path` is relative to. Default `process.cwd()`. */
  cwd?: string;
  logger?: Logger;
  /** The fetch the embeddings client uses (tests). Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface OpenedKnowledge {
  /** The index with the configured embeddings: ingest, search, sources. */
  base: KnowledgeBase;
  /** What `createSitechat` takes as `knowledge`. */
  grounding: SitechatKnowledge;
  /** Where the index is, for messages (never a password). */
  where: string;
  close(): Promise<void>;
}

/** Where the index is, for messages to the owner: the file, or the database without its password. */
export function describeKnowledgeIndex(config: KnowledgeSettings, cwd = process.cwd()): string {
  const location = indexLocation(config);
  if (location.engine === 'sqlite') return `SQLite ${resolvePath(location.path, cwd)}`;
  try {
    const parsed = new URL(location.url);
    return `PostgreSQL ${parsed.host}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL (knowledge.url)';
  }
}

const resolvePath = (path: string, cwd: string) => (path === ':memory:' || isAbsolute(path) ? path : resolve(cwd, path));

function configuredEmbeddings(config: KnowledgeSettings, fetchOption: typeof fetch | undefined): EmbedFunction | undefined {
  const embeddings = config.knowledge?.embeddings;
  if (embeddings === undefined) return undefined;
  // The model's key goes only to the model's own server.
  const apiKey = embeddings.apiKey ?? (embeddings.baseURL === undefined ? config.model.apiKey : undefined);
  const client = embeddingsClient({
    baseURL: embeddings.baseURL ?? config.model.baseURL ?? OPENAI_BASE_URL,
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(fetchOption === undefined ? {} : { fetch: fetchOption }),
  });
  return openAIEmbeddings(client, { model: embeddings.model, ...(embeddings.dimensions === undefined ? {} : { dimensions: embeddings.dimensions }) });
}

/**
 * The configured knowledge base, its tables created and the configured sources' `enabled` written to it;
 * `undefined` when `knowledge` is not configured.
 * @example
 * const knowledge = await openKnowledge(config, { cwd: process.cwd(), logger });
 * const app = createSitechat(config, { knowledge: knowledge?.grounding });
 */
export async function openKnowledge(config: KnowledgeSettings, options: OpenKnowledgeOptions = {}): Promise<OpenedKnowledge | undefined> {
  const settings = config.knowledge;
  if (settings === undefined) return undefined;
  const cwd = options.cwd ?? process.cwd();
  const location = indexLocation(config);
  let index: KnowledgeIndex;
  if (location.engine === 'postgres') {
    index = new PostgresKnowledgeIndex({ connectionString: location.url });
  } else {
    const file = resolvePath(location.path, cwd);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    index = new SqliteKnowledgeIndex({ path: file });
  }
  const embeddings = configuredEmbeddings(config, options.fetch);
  const base = createKnowledgeBase({ index, ...(embeddings === undefined ? {} : { embeddings }) });
  try {
    await index.init();
    // The configuration says which sources answers may use; the index remembers it for every instance.
    for (const [name, source] of Object.entries(settings.sources)) await base.setSourceEnabled(name, source.enabled);
  } catch (error) {
    await base.close().catch(() => {});
    throw error;
  }
  const grounding = knowledgeGrounding(base, {
    passages: settings.passages,
    minScore: settings.minScore,
    ...(settings.siteName === undefined ? {} : { siteName: settings.siteName }),
    ...(settings.synonyms === undefined ? {} : { synonyms: settings.synonyms }),
    ...(settings.thesaurus === undefined ? {} : { thesaurus: settings.thesaurus }),
    logger: options.logger ?? silentLogger,
  });
  return { base, grounding, where: describeKnowledgeIndex(config, cwd), close: () => base.close() };
}
