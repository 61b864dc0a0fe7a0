import { css } from 'lit';
import { markdownStyles } from './markdown/markdown.styles.js';

/** Messages in the log. */
const messageStyles = css`
  .message {
    max-width: 85%;
    padding: 0.55em 0.8em;
    border-radius: var(--_radius);
    overflow-wrap: break-word;
  }

  .message.user {
    align-self: flex-end;
    background: var(--_accent);
    color: var(--_accent-text);
  }

  /* Full width (stretched, not shrink-to-fit): sizing a flex item to its content would measure the whole
     answer again at every frame while it streams. */
  .message.assistant {
    box-sizing: border-box;
    max-width: 100%;
    align-self: stretch;
    background: var(--_surface);
  }

  .message.user .text {
    white-space: pre-wrap;
  }
`;

/** The messages' actions, the forms and notices under them, the starters, the typing indicator, the error. */
const controlStyles = css`
  .actions {
    display: flex;
    align-items: center;
    gap: 0.1em;
    margin-top: calc(var(--_space) * -0.45);
    color: var(--_muted);
  }

  .user-actions {
    align-self: flex-end;
  }

  .action {
    display: grid;
    place-items: center;
    width: 1.9em;
    height: 1.9em;
    padding: 0;
    border: none;
    border-radius: 0.4em;
    background: transparent;
  }

  .action .icon {
    width: 1.05em;
    height: 1.05em;
  }

  .action:hover:not(:disabled) {
    background: var(--_surface);
    color: var(--_text);
  }

  .action[aria-pressed='true'] {
    color: var(--_accent);
  }

  .pager {
    display: inline-flex;
    align-items: center;
  }

  .position {
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }

  [dir='rtl'] .pager .icon {
    transform: scaleX(-1);
  }

  .pill {
    padding: 0.3em 0.9em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_background);
    font-size: 0.875em;
    text-align: start;
  }

  .pill.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
  }

  .starters,
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
  }

  .inline-form,
  .comparison {
    display: flex;
    flex-direction: column;
    gap: 0.45em;
    max-width: 92%;
    font-size: 0.9em;
  }

  .inline-form textarea {
    box-sizing: border-box;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_border);
    border-radius: 0.5em;
    background: var(--_background);
    color: var(--_text);
    font: inherit;
    font-size: max(1em, 16px);
    resize: vertical;
  }

  .sources {
    margin: 0.5em 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.85em;
  }

  .sources a {
    color: inherit;
  }

  .notice {
    margin: 0;
    color: var(--_muted);
    font-size: 0.85em;
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
    border-color: currentColor;
    color: inherit;
  }

  .editing {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0.4em 0.75em;
    border-top: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.85em;
  }

  @media (prefers-reduced-motion: no-preference) {
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

/**
 * The rules for the conversation, after those of `chat-widget.styles.ts` (in this order: the order they had in
 * one sheet): messages, markdown, the messages' actions, the feedback and comparison forms, starters, notices.
 */
export const conversationStyles = [messageStyles, markdownStyles, controlStyles];
