import { html, nothing } from 'lit';
import { chatIcon, closeIcon } from './icons.js';

export interface LauncherView {
  /** The accessible name: the title, with the unread count when there is one. */
  label: string;
  expanded: boolean;
  unread: number;
  dir: 'ltr' | 'rtl';
  onClick: () => void;
}

/**
 * The round button that opens and closes the panel, with the unread badge, inside the `launcher` slot: a
 * button of the host's own in that slot replaces it, and the click on either toggles the panel.
 */
export function renderLauncher(view: LauncherView) {
  return html`<slot name="launcher" @click=${view.onClick}>
    <button class="launcher" part="launcher" type="button" dir=${view.dir} aria-label=${view.label} aria-expanded=${view.expanded ? 'true' : 'false'} aria-controls="panel">
      ${view.expanded ? closeIcon : chatIcon}
      ${view.unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${view.unread}</span>` : nothing}
    </button>
  </slot>`;
}
