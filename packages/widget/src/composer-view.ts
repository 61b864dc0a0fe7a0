import { html, nothing } from 'lit';
import type { Composer } from './composer.js';
import type { WidgetStrings } from './i18n/strings.js';
import { sendIcon, stopIcon } from './icons.js';

export interface ComposerView {
  strings: WidgetStrings;
  /** The draft, whether it replaces the last question (Edit: say so, with a way back), and the handlers. */
  composer: Composer;
  placeholder: string;
  /** An answer is on its way: Stop instead of Send. */
  busy: boolean;
  /** The line under the composer, if any. */
  disclaimer: string | undefined;
}

/** Where the visitor writes: the text area with Send (or Stop), the editing note, and the disclaimer. */
export function renderComposer(view: ComposerView) {
  const { strings, composer } = view;
  return html`
    ${composer.editing
      ? html`<div class="editing" part="editing">
          <span>${strings.editing}</span>
          <button class="pill" type="button" @click=${composer.cancelEdit}>${strings.cancel}</button>
        </div>`
      : nothing}
    <form class="composer" part="composer" @submit=${composer.onSubmit}>
      <textarea
        class="input"
        part="input"
        rows="1"
        dir="auto"
        aria-label=${strings.inputLabel}
        placeholder=${view.placeholder}
        .value=${composer.draft}
        @input=${composer.onInput}
        @keydown=${composer.onKeydown}
      ></textarea>
      ${view.busy
        ? html`<button class="icon-button" part="stop-button" type="button" aria-label=${strings.stop} @click=${composer.onStop}>${stopIcon}</button>`
        : html`<button class="icon-button" part="send-button" type="submit" aria-label=${strings.send} ?disabled=${composer.draft.trim() === ''}>
            ${sendIcon}
          </button>`}
    </form>
    ${view.disclaimer ? html`<p class="disclaimer" part="disclaimer">${view.disclaimer}</p>` : nothing}
  `;
}
