/**
 * `@sitechat/server/node`: run Sitechat on Node.js. Used by the `sitechat` CLI, and by tests and
 * end-to-end runs in-process.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSitechat, type SitechatOptions } from './app.js';
import { isModelConfigured, parseConfig, type SitechatConfig, type SitechatConfigInput } from './config/schema.js';
import { mountStatic, resolveWidgetScript, widgetAvailable } from './static.js';

export { CONFIG_FILE_NAMES, loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load.js';

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
}

export interface RunningServer {
  /** `http://host:port`, with `localhost` for a wildcard host. */
  url: string;
  config: SitechatConfig;
  modelConfigured: boolean;
  /** The widget script being served, or `undefined` when it has not been built. */
  widgetFile: string | undefined;
  /** Stop accepting connections, let answers in progress finish (up to the grace period), then stop. */
  close(): Promise<void>;
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
  const { config: input, port, host, site, widgetFile: widgetOption, shutdownGraceMs = 3000, ...appOptions } = options;
  const config = parseConfig(input ?? {});
  const widgetFile = widgetOption ?? resolveWidgetScript();
  const served = widgetAvailable(widgetFile) ? widgetFile : undefined;

  const app = new Hono();
  app.route('/', createSitechat(config, appOptions));
  mountStatic(app, { site, widgetFile: served });

  const hostname = host ?? config.server.host;
  const server = await new Promise<Server>((resolve, reject) => {
    const candidate = serve({ fetch: app.fetch, port: port ?? config.server.port, hostname }, () => resolve(candidate as Server));
    candidate.once('error', reject);
  });
  const address = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
      // Cutting a connection aborts its request signal, which stops the upstream model request too.
      setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
    }));

  return {
    url: `http://${displayHost(hostname)}:${address.port}`,
    config,
    modelConfigured: appOptions.provider !== undefined || isModelConfigured(config.model),
    widgetFile: served,
    close,
  };
}
