import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (in CSS pixels) still counts as "reading the latest". */
const STICK_DISTANCE = 32;

/**
 * Keeps a scrolling element at its bottom while content arrives, unless the visitor has scrolled up to read
 * something earlier; then it leaves the scroll position alone until they scroll back down.
 *
 * It reads layout only in a scroll event and in one animation frame after an update, never during the update
 * itself: reading `scrollHeight` right after changing the DOM forces a synchronous layout, and doing that for
 * every token is what makes long answers slow (layout of the whole conversation, once per token).
 */
export class AutoScrollController implements ReactiveController {
  private readonly getElement: () => HTMLElement | null | undefined;
  private stick = true;
  private frame = 0;
  private observed: HTMLElement | undefined;

  constructor(host: ReactiveControllerHost, getElement: () => HTMLElement | null | undefined) {
    this.getElement = getElement;
    host.addController(this);
  }

  /** Scroll to the bottom after the next update, wherever the visitor was (they just sent a question). */
  stickToBottom(): void {
    this.stick = true;
  }

  hostUpdated(): void {
    const element = this.getElement() ?? undefined;
    if (element !== this.observed) {
      this.observed?.removeEventListener('scroll', this.onScroll);
      element?.addEventListener('scroll', this.onScroll, { passive: true });
      this.observed = element;
    }
    if (this.stick && this.frame === 0) {
      this.settling = 0;
      this.frame = requestAnimationFrame(this.scroll);
    }
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private readonly scroll = (): void => {
    this.frame = 0;
    const element = this.observed;
    // A hidden element has no layout: stay stuck, and scroll when it shows.
    if (!element || !this.stick || element.clientHeight === 0) return;
    const height = element.scrollHeight;
    element.scrollTop = height;
    this.lastTop = element.scrollTop;
    // Blocks that come on screen take their real height at the next frame (they were skipped by layout,
    // `content-visibility: auto`, with a placeholder height): follow them down while the height still changes.
    if (height !== this.lastHeight && this.settling < 10) {
      this.settling++;
      this.frame = requestAnimationFrame(this.scroll);
    }
    this.lastHeight = height;
  };

  private settling = 0;
  private lastHeight = 0;
  private lastTop = 0;

  /**
   * At the bottom sticks; scrolling up unsticks. Content that grows under a scroll position we set ourselves
   * does neither (the distance to the bottom grows, but the visitor did not move).
   */
  private readonly onScroll = (): void => {
    const element = this.observed!;
    if (element.clientHeight === 0) return;
    if (element.scrollHeight - element.scrollTop - element.clientHeight <= STICK_DISTANCE) this.stick = true;
    else if (element.scrollTop < this.lastTop - 1) this.stick = false;
    this.lastTop = element.scrollTop;
  };
}
