import { css, unsafeCSS } from 'lit';

/**
 * Every length is in `em` of the host's own font size (`--sitechat-font-size`, in px), so neither the page's
 * root font size nor its inherited styles resize or restyle the widget. Colours and sizes read the public
 * `--sitechat-*` properties through private `--_*` ones that carry the defaults (light and dark). No style
 * attribute is ever set (a strict CSP forbids them); the sheets are adopted as constructed stylesheets.
 */
const dark = unsafeCSS(`
  --_background: var(--sitechat-background, #1c1d21);
  --_surface: var(--sitechat-surface-color, #2a2c32);
  --_text: var(--sitechat-text-color, #e8eaed);
  --_muted: var(--sitechat-muted-color, #a9b1ba);
  --_border: var(--sitechat-border-color, #3d414a);
  --_link: var(--sitechat-link-color, #79c0ff);
  --_error: var(--sitechat-error-color, #ff8a80);
  --_hl-keyword: #ff7b72;
  --_hl-string: #a5d6ff;
  --_hl-number: #79c0ff;
  --_hl-comment: #9198a1;
  color-scheme: dark;
`);

/**
 * The frame around the conversation: the launcher, the panel, its header, the log's box and the composer. The
 * conversation itself (messages, their actions and forms, markdown, notices) is in `conversation.styles.ts`.
 */
export const styles = css`
  :host {
    all: initial;
    display: block;
    --_accent: var(--sitechat-accent-color, #2563eb);
    --_accent-text: var(--sitechat-accent-text-color, #ffffff);
    --_background: var(--sitechat-background, #ffffff);
    --_surface: var(--sitechat-surface-color, #f1f3f5);
    --_text: var(--sitechat-text-color, #1f2328);
    --_muted: var(--sitechat-muted-color, #59636e);
    --_border: var(--sitechat-border-color, #d1d9e0);
    --_link: var(--sitechat-link-color, #0550ae);
    --_error: var(--sitechat-error-color, #b42318);
    --_radius: var(--sitechat-radius, 0.75em);
    --_offset: var(--sitechat-offset, 1.25em);
    --_space: var(--sitechat-spacing, 1em);
    --_hl-keyword: #cf222e;
    --_hl-string: #0a3069;
    --_hl-number: #0550ae;
    --_hl-comment: #59636e;
    font-family: var(--sitechat-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--sitechat-font-size, 16px);
    line-height: 1.45;
    color: var(--_text);
    color-scheme: light;
  }

  :host([theme='dark']) {
    ${dark}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }

  [hidden] {
    display: none !important;
  }

  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }

  button:disabled {
    cursor: default;
    opacity: 0.5;
  }

  :focus-visible {
    outline: 0.15em solid var(--_accent);
    outline-offset: 0.15em;
  }

  .icon {
    width: 1.25em;
    height: 1.25em;
    flex: none;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  .launcher,
  :host(:not([mode='inline'])) .panel {
    position: fixed;
    right: var(--_offset);
    z-index: var(--sitechat-z-index, 2147483000);
  }

  :host([position='left']) .launcher,
  :host([position='left']:not([mode='inline'])) .panel {
    right: auto;
    left: var(--_offset);
  }

  .launcher {
    bottom: var(--_offset);
    display: grid;
    place-items: center;
    width: 3.5em;
    height: 3.5em;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-text);
    box-shadow: 0 0.25em 0.75em rgb(0 0 0 / 0.25);
  }

  .launcher .icon {
    width: 1.6em;
    height: 1.6em;
  }

  .badge {
    position: absolute;
    top: -0.25em;
    right: -0.25em;
    display: grid;
    place-items: center;
    box-sizing: border-box;
    min-width: 1.4em;
    height: 1.4em;
    padding: 0 0.35em;
    border-radius: 999px;
    background: #cf222e;
    color: #fff;
    font-size: 0.75em;
    font-weight: 600;
  }

  .panel {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    overflow: hidden;
    background: var(--_background);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  :host([mode='inline']) .panel {
    width: 100%;
    height: var(--sitechat-panel-height, 36em);
  }

  :host(:not([mode='inline'])) .panel {
    bottom: calc(var(--_offset) + 4.25em);
    width: min(var(--sitechat-panel-width, 24em), calc(100vw - 2 * var(--_offset)));
    height: min(var(--sitechat-panel-height, 36em), calc(100vh - var(--_offset) * 2 - 4.25em));
    height: min(var(--sitechat-panel-height, 36em), calc(100dvh - var(--_offset) * 2 - 4.25em));
    box-shadow: 0 0.75em 2.5em rgb(0 0 0 / 0.2);
  }

  /* A phone: the open panel takes the whole screen (dvh: what is left above the on-screen keyboard), and its
     header's close button replaces the launcher. */
  @media (max-width: 30em) {
    :host(:not([mode='inline'])) .panel {
      inset: 0;
      width: 100%;
      height: 100%;
      height: 100dvh;
      border: none;
      border-radius: 0;
    }

    :host([open]:not([mode='inline'])) .launcher {
      display: none;
    }
  }

  .header {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.75em;
    padding-inline-start: 1em;
    background: var(--_accent);
    color: var(--_accent-text);
  }

  .avatar {
    width: 1.75em;
    height: 1.75em;
    border-radius: 50%;
    object-fit: cover;
  }

  .title {
    flex: 1;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .icon-button {
    display: grid;
    place-items: center;
    width: 2em;
    height: 2em;
    padding: 0;
    border: none;
    border-radius: 0.4em;
    background: transparent;
  }

  .header .icon-button:focus-visible {
    outline-color: currentColor;
  }

  .messages {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.6);
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_space);
  }

  [dir='rtl'] [part='send-button'] .icon {
    transform: scaleX(-1);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 0.5em;
    margin: 0;
    padding: 0.6em;
    border-top: 1px solid var(--_border);
  }

  .input {
    flex: 1;
    box-sizing: border-box;
    min-height: 2.5em;
    max-height: 8em;
    margin: 0;
    padding: 0.55em 0.7em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
    /* 16px or more: a smaller text field makes iOS zoom the page when it takes the focus. */
    font-size: max(1em, 16px);
    resize: none;
    field-sizing: content;
  }

  .input::placeholder {
    color: var(--_muted);
    opacity: 1;
  }

  .input:focus-visible {
    outline-offset: 0;
  }

  .composer .icon-button {
    width: 2.5em;
    height: 2.5em;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_accent);
    color: var(--_accent-text);
  }

  .disclaimer {
    margin: 0;
    padding: 0 0.75em 0.5em;
    color: var(--_muted);
    font-size: 0.75em;
    text-align: center;
  }

  @media (prefers-reduced-motion: no-preference) {
    :host(:not([mode='inline'])) .panel:not([hidden]) {
      animation: sitechat-enter 160ms ease-out;
    }
  }

  @keyframes sitechat-enter {
    from {
      opacity: 0;
      transform: translateY(0.75em);
    }
  }
`;
