/**
 * Node-only: the files `sitechat start` serves beside the API. The owner's site folder at `/`, the widget's
 * one-file script at `/sitechat.js`, and every other file of the widget's build folder under `/sitechat/`
 * (for builds that split out lazy chunks; they must then load them from `/sitechat/`).
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { demoPage } from './demo-page.js';

/** The widget's built script, whether or not it has been built; `undefined` if the package is missing. */
export function resolveWidgetScript(): string | undefined {
  try {
    // The server serves this file but never imports the widget's code.
    return fileURLToPath(import.meta.resolve('@sitechat/widget/sitechat.js'));
  } catch {
    return undefined;
  }
}

export const WIDGET_MISSING_MESSAGE =
  'The Sitechat widget script (@sitechat/widget/dist/sitechat.js) has not been built: run "pnpm build" in the Sitechat repository, then restart.';

export interface StaticOptions {
  /** The owner's site folder, served at `/` (`index.html` for folders). Without it, a demo page. */
  site?: string | undefined;
  /** The widget's one-file script; `undefined` when it cannot be found. */
  widgetFile: string | undefined;
}

/** Whether the widget's script exists on disk. */
export function widgetAvailable(widgetFile: string | undefined): widgetFile is string {
  return widgetFile !== undefined && existsSync(widgetFile);
}

/**
 * Add the static routes to `app`, after the API routes (which keep their JSON 404s).
 * @example
 * mountStatic(app, { site: './public', widgetFile: resolveWidgetScript() });
 */
export function mountStatic(app: Hono, options: StaticOptions): void {
  const { widgetFile } = options;
  // no-cache: browsers revalidate, so a rebuilt widget reaches visitors at once.
  const revalidate = { onFound: (_path: string, c: { header: (name: string, value: string) => void }) => c.header('cache-control', 'no-cache') };

  if (widgetFile !== undefined) {
    const widgetDirectory = dirname(widgetFile);
    app.get('/sitechat.js', serveStatic({ path: widgetFile, ...revalidate }));
    app.get('/sitechat/*', serveStatic({ root: widgetDirectory, rewriteRequestPath: (path) => path.slice('/sitechat'.length), ...revalidate }));
  }
  app.get('/sitechat.js', (c) => c.text(WIDGET_MISSING_MESSAGE, 404));

  if (options.site !== undefined) {
    app.get('*', serveStatic({ root: options.site }));
  } else {
    app.get('/', (c) => c.html(demoPage(new URL(c.req.url).origin)));
  }
  app.notFound((c) => c.text('Not found', 404));
}
