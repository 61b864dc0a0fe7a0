/**
 * Bun entry point: `bun node_modules/@sitechat/server/dist/runtimes/bun.js` (or `startBun()` from your
 * own file). Configuration from the environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `SITECHAT_MODEL`,
 * `SITECHAT_CONFIG`, `PORT`, `HOST`). It serves the API only; serve the widget script from your site.
 * @example
 * import { startBun } from '@sitechat/server/bun';
 * const server = startBun({ port: 8787 });
 */
import { createSitechat } from '../app.js';
import { configFromEnv } from './env-config.js';

interface BunServer {
  readonly port: number;
  readonly hostname: string;
  requestIP(request: Request): { address: string } | null;
  stop(closeActiveConnections?: boolean): void;
}
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { port: number; hostname: string; idleTimeout: number; fetch(request: Request, server: BunServer): Response | Promise<Response> }): BunServer;
};

export interface StartBunOptions {
  /** Default: PORT, or 8787. */
  port?: number;
  /** Default: HOST, or 127.0.0.1. */
  hostname?: string;
}

/** Serve Sitechat with `Bun.serve`. */
export function startBun(options: StartBunOptions = {}): BunServer {
  const env = Bun.env;
  const app = createSitechat(configFromEnv(env), {
    peerAddress: (c) => (c.env as { server?: BunServer } | undefined)?.server?.requestIP(c.req.raw)?.address,
  });
  return Bun.serve({
    port: options.port ?? Number(env.PORT ?? 8787),
    hostname: options.hostname ?? env.HOST ?? '127.0.0.1',
    // Bun closes connections idle for 10 s by default; a stream waiting for a slow model sends a heartbeat
    // only every 15 s, so the limit must be above that (seconds; 255 at most).
    idleTimeout: 60,
    fetch: (request, server) => app.fetch(request, { server }),
  });
}

if (import.meta.main) {
  const server = startBun();
  console.log(`Sitechat (Bun) is running at http://${server.hostname}:${server.port}`);
}
