import type { SitechatConfig } from '../config/schema.js';
import { KNOWLEDGE_DEFAULTS } from './knowledge-schema.js';

/** Where the knowledge index lives: a SQLite file (as configured, relative to the working folder), or PostgreSQL. */
export type IndexLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

const isPostgres = (url: string | undefined): url is string => url !== undefined && /^postgres(ql)?:\/\//i.test(url);

/**
 * Where `config.knowledge` puts the index. An explicit setting wins: `knowledge.url` is PostgreSQL and
 * `knowledge.path` is a SQLite file, whatever the store uses (the schema refuses both at once). With
 * neither, the index follows the store: into its PostgreSQL (`store.url`, from `DATABASE_URL`), so that
 * "everything in PostgreSQL" needs one setting; otherwise into `.sitechat/knowledge.db`.
 * @example
 * indexLocation({ store: { url: 'postgres://db/shop' }, knowledge: { path: 'k.db' } }) // { engine: 'sqlite', path: 'k.db' }
 */
export function indexLocation(config: Pick<SitechatConfig, 'knowledge' | 'store'>): IndexLocation {
  const knowledge: { url?: string; path?: string } = config.knowledge ?? {};
  if (knowledge.url !== undefined) return { engine: 'postgres', url: knowledge.url };
  const storeUrl = config.store === false ? undefined : config.store.url;
  if (knowledge.path === undefined && isPostgres(storeUrl)) return { engine: 'postgres', url: storeUrl };
  return { engine: 'sqlite', path: knowledge.path ?? KNOWLEDGE_DEFAULTS.path };
}
