/**
 * Deno entry point: `deno run --allow-net --allow-env node_modules/@sitechat/server/dist/runtimes/deno.js`
 * (or `startDeno()` from your own file). Configuration from the environment (`OPENAI_API_KEY`,
 * `OPENAI_BASE_URL`, `SITECHAT_MODEL`, `SITECHAT_CONFIG`, `PORT`, `HOST`). It serves the API only.
 * @example
 * import { startDeno } from '@sitechat/server/deno';
 * const server = startDeno({ port: 8787 });
 */
import { createSitechat } from '../app.js';
import { configFromEnv } from './env-config.js';

interface DenoServer {
  readonly addr: { hostname: string; port: number };
  readonly finished: Promise<void>;
  shutdown(): Promise<void>;
}
interface DenoServeInfo {
  remoteAddr: { hostname: string; port: number };
}
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen?: (address: { hostname: string; port: number }) => void },
    handler: (request: Request, info: DenoServeInfo) => Response | Promise<Response>,
  ): DenoServer;
};

export interface StartDenoOptions {
  /** Default: PORT, or 8787. */
  port?: number;
  /** Default: HOST, or 127.0.0.1. */
  hostname?: string;
  /** Default: prints the address. */
  onListen?: (address: { hostname: string; port: number }) => void;
}

/** Serve Sitechat with `Deno.serve`. */
export function startDeno(options: StartDenoOptions = {}): DenoServer {
  const env = Deno.env.toObject();
  const app = createSitechat(configFromEnv(env), {
    peerAddress: (c) => (c.env as { remoteAddr?: { hostname: string } } | undefined)?.remoteAddr?.hostname,
  });
  return Deno.serve(
    {
      port: options.port ?? Number(env.PORT ?? 8787),
      hostname: options.hostname ?? env.HOST ?? '127.0.0.1',
      onListen: options.onListen ?? ((address) => console.log(`Sitechat (Deno) is running at http://${address.hostname}:${address.port}`)),
    },
    (request, info) => app.fetch(request, { remoteAddr: info.remoteAddr }),
  );
}

if (import.meta.main) startDeno();
