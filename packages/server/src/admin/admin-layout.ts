import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * What every admin response carries: no scripts at all and styles from our own file only, no framing, no
 * caching (the pages show visitors' words), no referrer to other sites.
 */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Links to visitors' pages carry no address of ours; our own form posts keep their Origin header.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
});

export interface PageOptions {
  /** Where the admin pages are mounted, e.g. `/admin`. */
  base: string;
  title: string;
  body: Html;
  /** Shows the navigation and the logout button. */
  signedIn: boolean;
}

/** The page shell: a header with navigation, and `body` in `<main>`. */
export function page({ base, title, body, signedIn }: PageOptions): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title} · Sitechat admin</title>
    <link rel="stylesheet" href="${base}/admin.css" />
  </head>
  <body>
    <header>
      <h1>Sitechat admin</h1>
      ${signedIn
        ? html`<nav>
            <a href="${base}">Conversations</a>
            <form method="post" action="${base}/logout"><button type="submit">Log out</button></form>
          </nav>`
        : ''}
    </header>
    <main>${body}</main>
  </body>
</html>`;
}

/** The login form; `error` says why the last attempt failed. */
export function loginPage(base: string, error?: string): Html {
  return page({
    base,
    title: 'Log in',
    signedIn: false,
    body: html`<form class="login" method="post" action="${base}/login">
      <h2>Log in</h2>
      <p class="muted">Enter the admin token (<code>SITECHAT_ADMIN_TOKEN</code>).</p>
      ${error === undefined ? '' : html`<p class="notice" role="alert">${error}</p>`}
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
      <button class="primary" type="submit">Log in</button>
    </form>`,
  });
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** `1 Mar 2025, 09:00 UTC`. */
export function formatTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}

export const formatNumber = (value: number) => new Intl.NumberFormat('en-US').format(value);
