/**
 * `@sitechat/server/node`: run Sitechat on Node.js. Used by the `sitechat` CLI, and by tests and
 * end-to-end runs in-process.
 */
import { type Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ConversationStore } from '@sitechat/store';
import type { Hono } from 'hono';
import { createSitechat, type SitechatOptions } from './app.js';
import { AFTER_REQUESTS_SENT, DEFERRED_HEAD, takeStreamedAnswer } from './chat/answer-sink.js';
import { openConfiguredStore } from './cli/open-configured-store.js';
import { consoleLogger } from './http/logger.js';
import { createJsonLogger } from './ops/access-log/json-logger.js';
import { stdoutLines } from './ops/access-log/stdout-lines.js';
import { startRetention } from './privacy/retention.js';
import { isModelConfigured, parseConfig, type SitechatConfig, type SitechatConfigInput } from './config/schema.js';
import { RedisLimitStore } from './limits/redis-store.js';
import { checkModeration } from './moderation/check-moderation.js';
import { createModerator } from './providers/index.js';
import { type LocalModelStartEvent, type LocalModelStatus, startConfiguredLocalModel } from './providers/local-start.js';
import { openKnowledge, type OpenedKnowledge } from './knowledge/open-knowledge.js';
import { sendAnswer } from './node-answer.js';
import { nodeModelTransport } from './providers/node-transport.js';
import { mountStatic, resolveWidgetScript, widgetAvailable } from './static.js';

export { RedisLimitStore, type RedisLimitStoreOptions } from './limits/redis-store.js';
export {
  localModelInstalled,
  startConfiguredLocalModel,
  type LocalModelStartEvent,
  type LocalModelStatus,
  type StartLocalModelOptions,
} from './providers/local-start.js';
export { CONFIG_FILE_NAMES, loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load.js';
export { describeKnowledgeIndex, openKnowledge, type OpenedKnowledge, type OpenKnowledgeOptions } from './knowledge/open-knowledge.js';
export { knowledgeGrounding, type KnowledgeGroundingOptions } from './knowledge/knowledge-grounding.js';
export { nodeModelTransport, type NodeModelTransportOptions } from './providers/node-transport.js';
export { missingServerNodeOptions, restartWithServerNodeOptions, SERVER_NODE_OPTIONS } from './node-options.js';

export interface StartServerOptions extends SitechatOptions {
  /** Default: all defaults (no model). */
  config?: SitechatConfigInput | SitechatConfig;
  /** Default: `config.server.port` (8787). 0 picks a free port. */
  port?: number;
  /** Default: `config.server.host` (127.0.0.1). */
  host?: string;
  /** A folder served at `/`. Without it, `/` is a demo page. */
  site?: string;
  /** The widget's script. Default: `@sitechat/widget/sitechat.js`, resolved from this package. */
  widgetFile?: string;
  /** How long `close()` lets answers in progress finish before cutting them. Default 3000 ms. */
  shutdownGraceMs?: number;
  /** What a relative `config.store.path` is relative to. Default `process.cwd()`. */
  cwd?: string;
  /**
   * With no model configured, run the default local model (downloaded once, docs/local-model.md) when
   * node-llama-cpp is installed. Default false; `sitechat start` turns it on.
   */
  localModelByDefault?: boolean;
  /** The local model's start-up: which one loads, and its download's progress (the CLI draws a bar). */
  onLocalModel?: (event: LocalModelStartEvent) => void;
}

export interface RunningServer {
  /** `http://host:port`, with `localhost` for a wildcard host. */
  url: string;
  config: SitechatConfig;
  modelConfigured: boolean;
  /** The widget script being served, or `undefined` when it has not been built. */
  widgetFile: string | undefined;
  /** The conversation store in use (`options.store`, or the one opened from `config.store`); `undefined` when off. */
  store: ConversationStore | undefined;
  /** The knowledge base opened from `config.knowledge`; `undefined` when off or when `options.knowledge` was given. */
  knowledge: OpenedKnowledge | undefined;
  /** The in-process local model, when it was selected: ready (with what it loaded) or unavailable (with why). */
  localModel: LocalModelStatus | undefined;
  /** Stop accepting connections, let answers in progress finish (up to the grace period), then stop. */
  close(): Promise<void>;
}

/** Node's server keeps an idle keep-alive connection this long (see `startServer`). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Settles after the next tick: after Node has written the requests started before it (answer-sink.ts). */
const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

/**
 * `app.fetch`, but a streamed answer (chat/answer-sink.ts) is written to Node's response directly, once the
 * whole middleware chain has set its status and headers; every other response goes through `@hono/node-server`.
 * The chat route is also given `nextTick` to wait on once it has started the model request (AFTER_REQUESTS_SENT).
 */
function nodeFetch(app: Hono) {
  return async (request: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    // `serve` here is HTTP/1.1; an HTTP/2 response would keep the web stream.
    if (!(env.outgoing instanceof ServerResponse)) return app.fetch(request, env);
    // This entry decides a streamed answer's head itself (answer-sink.ts), so the chat route need not wait.
    const response = await app.fetch(request, { ...env, [DEFERRED_HEAD]: true, [AFTER_REQUESTS_SENT]: nextTick });
    const answer = takeStreamedAnswer(response);
    if (answer === undefined) return response;
    sendAnswer(env.outgoing, response, answer);
    return RESPONSE_ALREADY_SENT;
  };
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Serve the API, the widget script and the site folder from one port.
 * @example
 * import { startServer } from '@sitechat/server/node';
 * const server = await startServer({ config: { model: { apiKey } }, port: 0, site: './public' });
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { config: input, port, host, site, widgetFile: widgetOption, shutdownGraceMs = 3000, cwd, localModelByDefault, onLocalModel, ...appOptions } = options;
  const config = parseConfig(input ?? {});
  const widgetFile = widgetOption ?? resolveWidgetScript();
  const served = widgetAvailable(widgetFile) ? widgetFile : undefined;

  // A store passed in belongs to the caller; one opened here from the configuration is closed here.
  const ownStore = appOptions.store === undefined ? await openConfiguredStore(config, cwd === undefined ? {} : { cwd }) : undefined;
  const store = appOptions.store ?? ownStore;
  // JSON lines on stdout, written once per turn of the event loop (ops/access-log/stdout-lines.ts).
  const logger = appOptions.logger ?? (config.ops.logFormat === 'json' ? createJsonLogger({ write: stdoutLines() }) : consoleLogger);
  const retention = store === undefined ? undefined : startRetention({ store, retentionDays: config.privacy.retentionDays, logger });

  // Limits shared by every instance through Redis (`REDIS_URL`); the client is closed with the server.
  const ownLimitStore =
    appOptions.limitStore === undefined && config.limits.redisUrl !== undefined
      ? new RedisLimitStore({ url: config.limits.redisUrl, onError: (error) => logger.warn('redis unavailable', { name: error.name }) })
      : undefined;
  const security: Pick<StartServerOptions, 'limitStore' | 'peerAddress'> = {
    limitStore: appOptions.limitStore ?? ownLimitStore,
    // The socket's peer; X-Forwarded-For is believed only from `trustedProxies`.
    peerAddress: appOptions.peerAddress ?? ((c) => getConnInfo(c).remote.address),
  };

  let server: Server;
  // A knowledge base passed in belongs to the caller; one opened here from `config.knowledge` is closed here.
  let ownKnowledge: OpenedKnowledge | undefined;
  // The local model, when selected, is loaded (and downloaded) before listening; it is closed with the server.
  let localModel: LocalModelStatus | undefined;
  try {
    if (appOptions.provider === undefined) {
      localModel = await startConfiguredLocalModel(config, {
        localModelByDefault: localModelByDefault ?? false,
        logger,
        ...(onLocalModel === undefined ? {} : { onEvent: onLocalModel }),
        ...(appOptions.fetch === undefined ? {} : { fetch: appOptions.fetch }),
      });
    }
    await retention?.sweep();
    ownKnowledge =
      appOptions.knowledge === undefined
        ? await openKnowledge(config, { logger, ...(cwd === undefined ? {} : { cwd }), ...(appOptions.fetch === undefined ? {} : { fetch: appOptions.fetch }) })
        : undefined;
    const knowledge = appOptions.knowledge ?? ownKnowledge?.grounding;
    const readinessChecks = ownKnowledge === undefined ? appOptions.readinessChecks : { knowledge: () => ownKnowledge!.base.sources().then(() => true), ...appOptions.readinessChecks };
    const local = localModel === undefined ? {} : { provider: localModel.provider, readinessChecks: { localModel: () => localModel?.state === 'ready', ...readinessChecks } };
    // node:http for the model's requests (decision 0012), unless the caller brings a fetch or a transport.
    const modelTransport = appOptions.modelTransport ?? (appOptions.fetch === undefined ? nodeModelTransport() : undefined);
    // The static routes are added to the Sitechat app itself, not to an app that mounts it with `route()`: hono
    // wraps every route of a mounted app that has its own `onError` in two more async frames, so each of the
    // ~14 middleware layers of `/api/chat` held four suspended frames instead of two while the answer waited for
    // the model (docs/benchmarks.md, run K). Unknown paths still get mountStatic's text 404; a static route's
    // unexpected error now meets the app's one error boundary (a masked JSON 500) instead of hono's default.
    const app = createSitechat(config, { ...appOptions, logger, store, ...security, ...(modelTransport === undefined ? {} : { modelTransport }), ...(knowledge === undefined ? {} : { knowledge }), ...(readinessChecks === undefined ? {} : { readinessChecks }), ...local });
    mountStatic(app, { site, widgetFile: served });

    const hostname = host ?? config.server.host;
    server = await new Promise<Server>((resolve, reject) => {
      const candidate = serve({ fetch: nodeFetch(app), port: port ?? config.server.port, hostname }, () => resolve(candidate as Server));
      candidate.once('error', reject);
    });
  } catch (error) {
    retention?.stop();
    await ownStore?.close();
    await ownLimitStore?.close();
    await ownKnowledge?.close();
    await localModel?.provider.close();
    throw error;
  }
  // Idle keep-alive connections stay open 65 s, not Node's 5: longer than the 60 s that nginx (upstream
  // `keepalive`) and most load balancers keep an idle connection to Sitechat, so that the proxy closes it first.
  // Otherwise a request the proxy sends on a connection just as Node closes it fails, and the proxy answers the
  // visitor's POST with a 502 (it does not retry a POST). Announced in `Keep-Alive: timeout=65`.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const hostname = host ?? config.server.host;
  const address = server.address() as AddressInfo;
  const moderation = config.moderation;
  if (appOptions.moderator === undefined && (moderation.input !== 'off' || moderation.output !== 'off')) {
    const moderator = createModerator(moderation, config.model, appOptions.fetch === undefined ? {} : { fetch: appOptions.fetch });
    if (moderator !== undefined) void checkModeration(moderator, logger, { failOpen: moderation.failOpen });
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      retention?.stop();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
      // Cutting a connection aborts its request signal, which stops the upstream model request too.
      setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
    }).finally(() => Promise.all([ownStore?.close(), ownLimitStore?.close(), ownKnowledge?.close(), localModel?.provider.close()])));

  return {
    url: `http://${displayHost(hostname)}:${address.port}`,
    config,
    modelConfigured: appOptions.provider !== undefined || (localModel === undefined ? isModelConfigured(config.model) : localModel.state === 'ready'),
    localModel,
    widgetFile: served,
    store,
    knowledge: ownKnowledge,
    close,
  };
}
