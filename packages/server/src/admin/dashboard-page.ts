import type { ConversationSummary, Page, Stats } from '@sitechat/store';
import { html } from 'hono/html';
import { filterQuery, type FilterValues } from './admin-filters.js';
import { formatNumber, formatTime, type Html, page } from './admin-layout.js';

export interface DashboardData {
  base: string;
  stats: Stats;
  conversations: Page<ConversationSummary>;
  values: FilterValues;
  problems: string[];
}

function totals(stats: Stats): Html {
  const items: [string, string, string][] = [
    ['conversations', 'Conversations', formatNumber(stats.conversations)],
    ['answers', 'Answers', formatNumber(stats.answers)],
    ['thumbs-up', 'Thumbs up', formatNumber(stats.thumbsUp)],
    ['thumbs-down', 'Thumbs down', formatNumber(stats.thumbsDown)],
    ['up-ratio', 'Up ratio', stats.upRatio === null ? '–' : `${Math.round(stats.upRatio * 100)}%`],
    ['tokens-in', 'Tokens in', formatNumber(stats.tokensIn)],
    ['tokens-out', 'Tokens out', formatNumber(stats.tokensOut)],
  ];
  return html`<dl class="totals">
    ${items.map(([key, label, value]) => html`<div data-stat="${key}"><dt>${label}</dt><dd>${value}</dd></div>`)}
  </dl>`;
}

const option = (value: string, label: string, current: string) =>
  html`<option value="${value}" ${value === current ? html`selected` : ''}>${label}</option>`;

function filters(base: string, values: FilterValues): Html {
  return html`<form class="filters" method="get" action="${base}" aria-label="Filter conversations">
    <label>Rating
      <select name="rating">${option('', 'Any', values.rating)}${option('up', 'Thumbs up', values.rating)}${option('down', 'Thumbs down', values.rating)}</select>
    </label>
    <label>From <input type="date" name="from" value="${values.from}" /></label>
    <label>To <input type="date" name="to" value="${values.to}" /></label>
    <label>Moderation
      <select name="flagged">${option('', 'Any', values.flagged)}${option('yes', 'Flagged', values.flagged)}${option('no', 'Not flagged', values.flagged)}</select>
    </label>
    <label class="check"><input type="checkbox" name="hasComment" value="1" ${values.hasComment ? html`checked` : ''} /> Has a comment</label>
    <button class="primary" type="submit">Filter</button>
    <a href="${base}">Clear</a>
  </form>`;
}

function row(base: string, conversation: ConversationSummary): Html {
  return html`<tr data-conversation-id="${conversation.id}">
    <td><a href="${base}/conversations/${encodeURIComponent(conversation.id)}">${formatTime(conversation.createdAt)}</a></td>
    <td class="preview" title="${conversation.preview ?? ''}">${conversation.preview ?? html`<span class="muted">(no question)</span>`}</td>
    <td class="number">${conversation.answerCount}</td>
    <td class="number" data-column="up">${conversation.thumbsUp}</td>
    <td class="number" data-column="down">${conversation.thumbsDown}</td>
    <td>${conversation.hasComment ? 'yes' : ''}</td>
    <td>${conversation.flagged ? html`<span class="badge flagged">flagged</span>` : ''}</td>
    <td class="muted">${conversation.page?.url ?? ''}</td>
  </tr>`;
}

function list(base: string, conversations: Page<ConversationSummary>, values: FilterValues): Html {
  if (conversations.items.length === 0) return html`<p class="muted">No conversations match.</p>`;
  return html`<table>
      <caption class="muted">Newest first</caption>
      <thead>
        <tr><th scope="col">Started</th><th scope="col">First question</th><th scope="col">Answers</th><th scope="col">Up</th><th scope="col">Down</th><th scope="col">Comment</th><th scope="col">Moderation</th><th scope="col">Page</th></tr>
      </thead>
      <tbody>${conversations.items.map((conversation) => row(base, conversation))}</tbody>
    </table>
    ${conversations.nextCursor === undefined
      ? ''
      : html`<p class="pager"><a rel="next" href="${base}${filterQuery(values, conversations.nextCursor)}">Older conversations →</a></p>`}`;
}

function exports(base: string, values: FilterValues): Html {
  const dates = html`<label>From <input type="date" name="from" value="${values.from}" /></label>
    <label>To <input type="date" name="to" value="${values.to}" /></label>`;
  const common = html`<label class="check"><input type="checkbox" name="systemPrompt" value="1" /> Include the system prompt</label>
    <label class="check"><input type="checkbox" name="redact" value="0" /> Keep e-mail addresses, phone and card numbers</label>`;
  return html`<div class="exports">
    <form class="export" method="get" action="${base}/api/export/sft" aria-label="SFT export">
      <h3>Supervised fine-tuning (SFT)</h3>
      <p class="muted">Conversations with answers rated up, chat format with weights.</p>
      ${dates}
      <label>Minimum rating <input type="number" name="minRating" min="-5" max="5" value="1" /></label>
      ${common}
      <button class="primary" type="submit">Download sft.jsonl</button>
    </form>
    <form class="export" method="get" action="${base}/api/export/preference" aria-label="Preference export">
      <h3>Preference pairs (DPO)</h3>
      <p class="muted">Comparisons, and answers rated up and down for the same question.</p>
      ${dates}
      ${common}
      <button class="primary" type="submit">Download preference.jsonl</button>
    </form>
  </div>
  <p class="muted">Redacted and without flagged conversations unless asked; <code>sitechat export</code> also prints what it skipped and why.</p>`;
}

/** `/admin`: totals, the filtered conversation list, and the two exports. */
export function dashboardPage(data: DashboardData): Html {
  const { base, values } = data;
  return page({
    base,
    title: 'Conversations',
    signedIn: true,
    body: html`<h2>Totals</h2>
      ${totals(data.stats)}
      <h2>Conversations</h2>
      ${filters(base, values)}
      ${data.problems.map((problem) => html`<p class="notice" role="alert">${problem}</p>`)}
      ${list(base, data.conversations, values)}
      <h2>Fine-tuning exports</h2>
      ${exports(base, values)}`,
  });
}
