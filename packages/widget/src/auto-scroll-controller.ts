import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (in CSS pixels) still counts as "reading the latest". */
const STICK_DISTANCE = 32;

/**
 * Keeps a scrolling element at its bottom while content arrives, unless the visitor has scrolled up to read
 * something earlier; then it leaves the scroll position alone until they scroll back down.
 */
export class AutoScrollController implements ReactiveController {
  private readonly getElement: () => HTMLElement | null | undefined;
  private stick = true;

  constructor(host: ReactiveControllerHost, getElement: () => HTMLElement | null | undefined) {
    this.getElement = getElement;
    host.addController(this);
  }

  /** Scroll to the bottom after the next update, wherever the visitor was (they just sent a question). */
  stickToBottom(): void {
    this.stick = true;
  }

  hostUpdate(): void {
    const element = this.getElement();
    // A hidden element has no layout (every size is 0): keep the previous decision.
    if (!element || element.clientHeight === 0) return;
    this.stick ||= element.scrollHeight - element.scrollTop - element.clientHeight <= STICK_DISTANCE;
  }

  hostUpdated(): void {
    const element = this.getElement();
    if (!element || element.clientHeight === 0) return;
    if (this.stick) element.scrollTop = element.scrollHeight;
    this.stick = false;
  }
}
