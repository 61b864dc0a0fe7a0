import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from './events.js';

/** The element's side of opening and closing (see `ChatWidgetOptions`). */
interface PanelHost extends ReactiveControllerHost, HTMLElement {
  mode: 'launcher' | 'inline';
  expanded: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** Where the focus goes, and what a launcher of the host's own shows. */
export interface PanelParts {
  input(): HTMLElement | null;
  launcher(): HTMLElement | null;
  panel(): HTMLElement | null;
  /** The number of unread answers, for the host's own launcher. */
  unread(): number;
}

/**
 * The launcher mode's panel as a dialog: the visitor opens and closes it (launcher, close button, Escape from
 * anywhere in the panel), which fires `chat-open` / `chat-close`; opening puts the focus in the composer,
 * closing puts it back on the launcher, if it was in the panel. A launcher of the host's own (`slot="launcher"`)
 * gets `aria-expanded` and the unread count. Programmatic changes (`open()`, `expanded`) move the focus the
 * same way but emit nothing. An inline panel is part of the page: none of this applies.
 */
export class PanelController implements ReactiveController {
  private readonly host: PanelHost;
  private readonly parts: PanelParts;
  /** `expanded` as of the last update; `undefined` before the first, when an initially open panel takes no focus. */
  private shown: boolean | undefined;
  private restoreFocus = false;

  constructor(host: PanelHost, parts: PanelParts) {
    this.host = host;
    this.parts = parts;
    host.addController(this);
    host.addEventListener('keydown', this.onKeydown);
  }

  /** The launcher's click. */
  readonly toggleByVisitor = (): void => this.setOpenByVisitor(!this.host.expanded);

  /** The close button's click. */
  readonly closeByVisitor = (): void => this.setOpenByVisitor(false);

  /** The panel opened or closed because the visitor asked: change it and say so. */
  private setOpenByVisitor(open: boolean): void {
    if (this.host.expanded === open) return;
    this.host.expanded = open;
    emit(this.host, open ? 'chat-open' : 'chat-close', {});
  }

  /** The host's own launcher, if it slotted one. */
  get customLauncher(): HTMLElement | undefined {
    return this.host.querySelector<HTMLElement>(':scope > [slot="launcher"]') ?? undefined;
  }

  hostUpdate(): void {
    // Before the render hides the panel: was the focus in it?
    if (this.shown === true && !this.host.expanded) this.restoreFocus = this.focusIsInPanel();
  }

  hostUpdated(): void {
    const previous = this.shown;
    const expanded = this.host.expanded;
    this.shown = expanded;
    if (this.host.mode !== 'launcher') return;
    const custom = this.customLauncher;
    if (custom) {
      // A screen reader needs the state, and the host's CSS the count to show
      // (`[slot="launcher"][data-unread]::after { content: attr(data-unread) }`).
      custom.setAttribute('aria-expanded', String(expanded));
      const unread = this.parts.unread();
      if (unread > 0) custom.dataset.unread = String(unread);
      else delete custom.dataset.unread;
    }
    if (previous === undefined || previous === expanded) return;
    if (expanded) this.parts.input()?.focus();
    else if (this.restoreFocus) (custom ?? this.parts.launcher())?.focus();
    this.restoreFocus = false;
  }

  private focusIsInPanel(): boolean {
    const active = (this.host.renderRoot as ShadowRoot).activeElement;
    return active != null && this.parts.panel()?.contains(active) === true;
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.isComposing || this.host.mode !== 'launcher' || !this.host.expanded) return;
    event.preventDefault();
    // Handled here: the page's own Escape handlers (a modal around the widget, say) should not also act.
    event.stopPropagation();
    this.setOpenByVisitor(false);
  };
}
