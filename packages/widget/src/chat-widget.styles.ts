import { css } from 'lit';

/**
 * Every length is in `em` of the host's own font size (`--sitechat-font-size`, in px), so neither the page's
 * root font size nor its inherited styles resize or restyle the widget. Colours and sizes read the public
 * `--sitechat-*` properties through private `--_*` ones that carry the defaults (light and dark).
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
    --_error: var(--sitechat-error-color, #b42318);
    --_radius: var(--sitechat-radius, 0.75em);
    --_offset: var(--sitechat-offset, 1.25em);
    font-family: var(
      --sitechat-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      sans-serif
    );
    font-size: var(--sitechat-font-size, 16px);
    line-height: 1.45;
    color: var(--_text);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_background: var(--sitechat-background, #1c1d21);
      --_surface: var(--sitechat-surface-color, #2a2c32);
      --_text: var(--sitechat-text-color, #e8eaed);
      --_muted: var(--sitechat-muted-color, #a9b1ba);
      --_border: var(--sitechat-border-color, #3d414a);
      --_error: var(--sitechat-error-color, #ff8a80);
      color-scheme: dark;
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

  .launcher {
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--sitechat-z-index, 2147483000);
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
    position: fixed;
    inset-block-end: calc(var(--_offset) + 4.25em);
    inset-inline-end: var(--_offset);
    z-index: var(--sitechat-z-index, 2147483000);
    width: min(var(--sitechat-panel-width, 24em), calc(100vw - 2 * var(--_offset)));
    height: min(var(--sitechat-panel-height, 36em), calc(100vh - var(--_offset) * 2 - 4.25em));
    box-shadow: 0 0.75em 2.5em rgb(0 0 0 / 0.2);
  }

  /* A phone: the open panel takes the whole screen and its header's close button replaces the launcher. */
  @media (max-width: 30em) {
    :host(:not([mode='inline'])) .panel {
      inset: 0;
      width: 100%;
      height: 100%;
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
    padding: 0.75em 0.75em 0.75em 1em;
    background: var(--_accent);
    color: var(--_accent-text);
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
    gap: 0.6em;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 1em;
  }

  .message {
    max-width: 85%;
    padding: 0.55em 0.8em;
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }

  .message.user {
    align-self: flex-end;
    background: var(--_accent);
    color: var(--_accent-text);
  }

  .message.assistant {
    align-self: flex-start;
    background: var(--_surface);
  }

  .text {
    white-space: pre-wrap;
  }

  .text + .text {
    margin-block-start: 0.5em;
  }

  .typing {
    align-self: flex-start;
    display: flex;
    gap: 0.3em;
    padding: 0.8em;
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .typing .dot {
    width: 0.45em;
    height: 0.45em;
    border-radius: 50%;
    background: var(--_muted);
  }

  .error {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.5em;
    padding: 0.6em 0.8em;
    border: 1px solid var(--_error);
    border-radius: var(--_radius);
    color: var(--_error);
  }

  .error p {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .retry-button {
    padding: 0.3em 0.9em;
    border: 1px solid currentColor;
    border-radius: 999px;
    background: transparent;
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 0.5em;
    margin: 0;
    padding: 0.6em;
    border-block-start: 1px solid var(--_border);
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

  @media (prefers-reduced-motion: no-preference) {
    .panel:not([hidden]) {
      animation: sitechat-enter 160ms ease-out;
    }

    :host([mode='inline']) .panel {
      animation: none;
    }

    .typing .dot {
      animation: sitechat-pulse 1.2s ease-in-out infinite;
    }

    .typing .dot:nth-child(2) {
      animation-delay: 0.15s;
    }

    .typing .dot:nth-child(3) {
      animation-delay: 0.3s;
    }
  }

  @keyframes sitechat-enter {
    from {
      opacity: 0;
      transform: translateY(0.75em);
    }
  }

  @keyframes sitechat-pulse {
    0%,
    80%,
    100% {
      opacity: 0.3;
    }
    40% {
      opacity: 1;
    }
  }
`;
