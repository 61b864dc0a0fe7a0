import { css } from 'lit';

/** How an assistant's markdown answer looks: blocks, headings, code with highlighting, tables, images. */
export const markdownStyles = css`
  /* A long answer is thousands of blocks, grouped (markdown-view.ts). Groups off screen are skipped by style
     and layout (their last size is remembered), so a frame's layout while an answer streams costs the same at
     its end as at its start. */
  .group {
    content-visibility: auto;
    contain-intrinsic-size: auto 30em;
  }

  .markdown > :first-child {
    margin-top: 0;
  }

  .markdown > :last-child,
  .group:last-child > :last-child {
    margin-bottom: 0;
  }

  .markdown :is(p, ul, ol, blockquote, .table, .code-block, .heading, hr) {
    margin: 0 0 0.6em;
  }

  .markdown :is(ul, ol) {
    padding-inline-start: 1.4em;
  }

  .markdown li > :is(ul, ol) {
    margin: 0.2em 0 0;
  }

  .heading {
    font-weight: 650;
  }

  .h1 {
    font-size: 1.25em;
  }

  .h2 {
    font-size: 1.12em;
  }

  blockquote {
    padding-inline-start: 0.75em;
    border-inline-start: 0.25em solid var(--_border);
    color: var(--_muted);
  }

  a {
    color: var(--_link);
  }

  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }

  :not(pre) > code {
    padding: 0.1em 0.3em;
    border-radius: 0.3em;
    background: var(--_background);
  }

  .code-block {
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: 0.5em;
    background: var(--_background);
  }

  .code-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0.2em 0.3em 0.2em 0.7em;
    border-bottom: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.8em;
  }

  .copy-code {
    padding: 0.2em 0.6em;
    border: none;
    border-radius: 0.4em;
    background: transparent;
  }

  pre {
    margin: 0;
    padding: 0.6em 0.75em;
    overflow-x: auto;
    direction: ltr;
    text-align: left;
  }

  .hl-keyword {
    color: var(--_hl-keyword);
  }

  .hl-string {
    color: var(--_hl-string);
  }

  .hl-number,
  .hl-literal {
    color: var(--_hl-number);
  }

  .hl-comment {
    color: var(--_hl-comment);
    font-style: italic;
  }

  .table {
    overflow-x: auto;
  }

  table {
    border-collapse: collapse;
    font-size: 0.9em;
  }

  th,
  td {
    padding: 0.3em 0.55em;
    border: 1px solid var(--_border);
    text-align: start;
  }

  .align-center {
    text-align: center;
  }

  .align-right {
    text-align: right;
  }

  img {
    max-width: 100%;
    height: auto;
    border-radius: 0.4em;
  }

  hr {
    border: none;
    border-top: 1px solid var(--_border);
  }
`;
