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
export const copyIcon = icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h9"/>`);
export const checkIcon = icon(svg`<path d="m5 12 5 5L20 7"/>`);
export const regenerateIcon = icon(svg`<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7"/>`);
export const editIcon = icon(svg`<path d="M4 20h4L19 9l-4-4L4 16zM13 7l4 4"/>`);
export const newIcon = icon(svg`<path d="M12 5v14M5 12h14"/>`);
export const previousIcon = icon(svg`<path d="m15 6-6 6 6 6"/>`);
export const nextIcon = icon(svg`<path d="m9 6 6 6-6 6"/>`);
export const thumbUpIcon = icon(svg`<path d="M7 11v9H4v-9zm0 0 4-8a2 2 0 0 1 2 2v4h5.5a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.3 20H7"/>`);
export const thumbDownIcon = icon(svg`<path d="M17 13V4h3v9zm0 0-4 8a2 2 0 0 1-2-2v-4H5.5a2 2 0 0 1-2-2.3l1.2-7A2 2 0 0 1 6.7 4H17"/>`);
