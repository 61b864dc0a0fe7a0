import type { Answer, Comparison, Transcript, Turn } from '@sitechat/store';
import { html } from 'hono/html';
import { formatNumber, formatTime, type Html, page } from './admin-layout.js';

function feedback(answer: Answer): Html | string {
  if (answer.feedback === null) return '';
  const up = answer.feedback.rating > 0;
  return html`<div class="feedback" data-feedback="${up ? 'up' : 'down'}">
    <span class="badge ${up ? 'up' : 'down'}">${up ? '👍 thumbs up' : '👎 thumbs down'}</span>
    ${answer.feedback.comment === null ? '' : html` <q>${answer.feedback.comment}</q>`}
  </div>`;
}

function answerBlock(turn: Turn, answer: Answer, index: number): Html {
  // An edited-away question's active answer was in the history once; it no longer is.
  const active = turn.onActiveBranch && answer.id === turn.activeAnswerId;
  const details = [
    answer.model,
    answer.tokensIn === null ? null : `${formatNumber(answer.tokensIn)} tokens in`,
    answer.tokensOut === null ? null : `${formatNumber(answer.tokensOut)} out`,
    answer.timeToFirstTokenMs === null ? null : `first token ${answer.timeToFirstTokenMs} ms`,
    answer.finishReason === null ? null : `finish: ${answer.finishReason}`,
    answer.errorCode,
    formatTime(answer.createdAt),
  ].filter((detail): detail is string => detail !== null);
  return html`<section class="answer${active ? ' active' : ''}" data-message-id="${answer.id}" data-status="${answer.status}" aria-label="Answer ${index + 1} of ${turn.answers.length}">
    <strong>Answer ${index + 1} of ${turn.answers.length}</strong>
    <span class="badge ${answer.status}">${answer.status}</span>
    ${active ? html`<span class="badge">in the history</span>` : ''}
    <p class="text">${answer.text === '' ? html`<span class="muted">(no text)</span>` : answer.text}</p>
    <div class="details">${details.map((detail) => html`<span>${detail}</span>`)}</div>
    ${feedback(answer)}
  </section>`;
}

function comparisonLine(transcript: Transcript, comparison: Comparison): Html {
  const label = (id: string) => {
    for (const turn of transcript.turns) {
      const index = turn.answers.findIndex((answer) => answer.id === id);
      if (index >= 0) return `answer ${index + 1}`;
    }
    return id;
  };
  const a = label(comparison.answerAId);
  const b = label(comparison.answerBId);
  const verdict = comparison.preferred === 'tie' ? `${a} and ${b} judged equal` : comparison.preferred === 'a' ? `${a} preferred over ${b}` : `${b} preferred over ${a}`;
  return html`<li data-comparison="${comparison.preferred}">${verdict} <span class="muted">(${formatTime(comparison.createdAt)})</span></li>`;
}

/**
 * Where a question stands after edits. An edit is a later question with the same parent as the one it
 * replaces (docs/decisions/0009-edits-are-branches.md), and the model sees only the active branch. Off that
 * branch are the questions the visitor edited (`edited-away`) and those asked after one of them
 * (`after-edit`): neither they nor their answers reach the model any more, yet they stay on the page because
 * they were said, can carry ratings, and are exported.
 */
type Standing = 'asked' | 'edit' | 'edited-away' | 'after-edit';

/** Said in words, not by the muted styling alone, so that the page reads the same to a screen reader. */
const STANDING_LABELS: Record<Standing, Html | string> = {
  asked: '',
  edit: html`<span class="badge">edited</span>`,
  'edited-away': html`<span class="badge">edited away</span>
    <span class="muted">The visitor edited this question; the model no longer sees it or its answers.</span>`,
  'after-edit': html`<span class="badge">edited away</span>
    <span class="muted">Asked after a question the visitor later edited; the model no longer sees it or its answers.</span>`,
};

/**
 * Each question's standing, by id. Questions come in the order asked, so a question whose parent already has
 * a child is an edit, and that earlier child is the question it replaced.
 */
function standings(turns: readonly Turn[]): Map<string, Standing> {
  const latestChild = new Map<string | null, string>();
  const replaced = new Set<string>();
  const edits = new Set<string>();
  for (const { user } of turns) {
    const earlier = latestChild.get(user.parentId);
    if (earlier !== undefined) {
      replaced.add(earlier);
      edits.add(user.id);
    }
    latestChild.set(user.parentId, user.id);
  }
  return new Map(
    turns.map(({ user, onActiveBranch }): [string, Standing] => {
      if (!onActiveBranch) return [user.id, replaced.has(user.id) ? 'edited-away' : 'after-edit'];
      return [user.id, edits.has(user.id) ? 'edit' : 'asked'];
    }),
  );
}

/**
 * `/admin/conversations/:id`: every question of every branch in the order asked (edited-away ones marked as
 * such), every answer (alternatives too), feedback and comparisons.
 */
export function threadPage(base: string, transcript: Transcript): Html {
  const { conversation } = transcript;
  const standing = standings(transcript.turns);
  return page({
    base,
    title: `Conversation ${conversation.id}`,
    signedIn: true,
    body: html`<p><a href="${base}">← All conversations</a></p>
      <h2>Conversation</h2>
      <dl class="meta">
        <dt>Id</dt><dd>${conversation.id}</dd>
        <dt>Started</dt><dd>${formatTime(conversation.createdAt)}</dd>
        <dt>Last activity</dt><dd>${formatTime(conversation.lastActivityAt)}</dd>
        <dt>Visitor</dt><dd>${conversation.visitorId}</dd>
        <dt>Site</dt><dd>${conversation.site}</dd>
        <dt>Page</dt><dd>${conversation.page?.url ?? '–'}</dd>
        <dt>Moderation</dt>
        <dd>${conversation.flagged
          ? html`<span class="badge flagged">flagged</span> ${conversation.moderation?.reason ?? ''} ${(conversation.moderation?.categories ?? []).join(', ')}`
          : 'not flagged'}</dd>
      </dl>
      <h2>Thread</h2>
      ${transcript.turns.map((turn) => {
        const label = standing.get(turn.user.id)!;
        return html`<article class="turn ${label}" data-standing="${label}">
          <section class="question" data-message-id="${turn.user.id}">
            <strong>Visitor</strong> <span class="muted">${formatTime(turn.user.createdAt)}</span>
            ${STANDING_LABELS[label]}
            <p class="text">${turn.user.text}</p>
          </section>
          ${turn.answers.map((answer, index) => answerBlock(turn, answer, index))}
        </article>`;
      })}
      <h2>Comparisons</h2>
      ${transcript.comparisons.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<ul class="comparisons">${transcript.comparisons.map((comparison) => comparisonLine(transcript, comparison))}</ul>`}`,
  });
}
