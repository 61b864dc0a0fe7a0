import { html, nothing } from 'lit';
import type { WidgetStrings } from './i18n/strings.js';
import { sendIcon, stopIcon } from './icons.js';

export interface ComposerView {
  strings: WidgetStrings;
  draft: string;
  placeholder: string;
  /** The draft replaces the last question (Edit): say so, with a way back. */
  editing: boolean;
  /** An answer is on its way: Stop instead of Send. */
  busy: boolean;
  /** The line under the composer, if any. */
  disclaimer: string | undefined;
  onInput: (event: Event) => void;
  onKeydown: (event: KeyboardEvent) => void;
  onSubmit: (event: SubmitEvent) => void;
  onStop: () => void;
  onCancelEdit: () => void;
}

/** Where the visitor writes: the text area with Send (or Stop), the editing note, and the disclaimer. */
export function renderComposer(view: ComposerView) {
  const { strings } = view;
  return html`
    ${view.editing
      ? html`<div class="editing" part="editing">
          <span>${strings.editing}</span>
          <button class="pill" type="button" @click=${view.onCancelEdit}>${strings.cancel}</button>
        </div>`
      : nothing}
    <form class="composer" part="composer" @submit=${view.onSubmit}>
      <textarea
        class="input"
        part="input"
        rows="1"
        dir="auto"
        aria-label=${strings.inputLabel}
        placeholder=${view.placeholder}
        .value=${view.draft}
        @input=${view.onInput}
        @keydown=${view.onKeydown}
      ></textarea>
      ${view.busy
        ? html`<button class="icon-button" part="stop-button" type="button" aria-label=${strings.stop} @click=${view.onStop}>${stopIcon}</button>`
        : html`<button class="icon-button" part="send-button" type="submit" aria-label=${strings.send} ?disabled=${view.draft.trim() === ''}>
            ${sendIcon}
          </button>`}
    </form>
    ${view.disclaimer ? html`<p class="disclaimer" part="disclaimer">${view.disclaimer}</p>` : nothing}
  `;
}
