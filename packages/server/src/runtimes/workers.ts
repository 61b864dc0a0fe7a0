/**
 * Cloudflare Workers entry point: `main = "node_modules/@sitechat/server/dist/runtimes/workers.js"` in
 * wrangler.toml, or re-export it from your own worker. The app is built once per isolate from the bindings
 * (`OPENAI_API_KEY` as a secret, `OPENAI_BASE_URL`, `SITECHAT_MODEL`, `SITECHAT_METRICS_TOKEN`, and
 * `SITECHAT_CONFIG` with the JSON of a sitechat.config.json). See docs/deployment.md.
 *
 * No SQLite and no files on Workers: keep conversations in PostgreSQL (through your own store) or not at all.
 * @example
 * // src/index.ts of your worker
 * export { default } from '@sitechat/server/workers';
 */
import { createSitechat, type SitechatApp } from '../app.js';
import { configFromEnv } from './env-config.js';

/** The bindings Sitechat reads; others are ignored. */
export interface SitechatWorkerEnv {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  SITECHAT_MODEL?: string;
  SITECHAT_METRICS_TOKEN?: string;
  SITECHAT_CONFIG?: string;
  [binding: string]: unknown;
}

let cached: { env: SitechatWorkerEnv; app: SitechatApp } | undefined;

function appFor(env: SitechatWorkerEnv): SitechatApp {
  if (cached?.env !== env) {
    const app = createSitechat(configFromEnv(env), {
      // Cloudflare sets this header itself (a client cannot forge it), so per-address limits work.
      peerAddress: (c) => c.req.header('cf-connecting-ip'),
    });
    cached = { env, app };
  }
  return cached.app;
}

export default {
  fetch(request: Request, env: SitechatWorkerEnv, context: unknown): Response | Promise<Response> {
    return appFor(env).fetch(request, env, context as never);
  },
};
