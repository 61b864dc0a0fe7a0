import { svg } from 'lit';

/**
 * Inline icons (no network request, no icon font). They are decorative: every button that shows one carries
 * its own accessible label, so each icon is `aria-hidden`.
 */
function icon(path: ReturnType<typeof svg>) {
  return svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${path}</svg>`;
}

export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12Z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6 6 18"/>`);
export const sendIcon = icon(svg`<path d="M5 12h13M12 5l7 7-7 7"/>`);
export const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor"/>`);
