import { html, nothing } from 'lit';
import type { WidgetStrings } from './i18n/strings.js';
import { closeIcon, newIcon } from './icons.js';

export interface HeaderView {
  strings: WidgetStrings;
  title: string;
  avatar: string;
  /** Offer New conversation: there is a conversation to leave. */
  canStartOver: boolean;
  /** Offer the close button: the panel is a dialog over the page (launcher mode), not part of it. */
  closable: boolean;
  onNew: () => void;
  onClose: () => void;
}

/** The panel's header: the assistant's avatar and the title, New conversation and close. */
export function renderHeader(view: HeaderView) {
  const { strings } = view;
  return html`<div class="header" part="header">
    ${view.avatar ? html`<img class="avatar" part="avatar" src=${view.avatar} alt="" />` : nothing}
    <h2 class="title" part="title">${view.title}</h2>
    ${view.canStartOver
      ? html`<button class="icon-button" part="new-button" type="button" aria-label=${strings.newConversation} @click=${view.onNew}>${newIcon}</button>`
      : nothing}
    ${view.closable
      ? html`<button class="icon-button" part="close-button" type="button" aria-label=${strings.close} @click=${view.onClose}>${closeIcon}</button>`
      : nothing}
  </div>`;
}
