/**
 * The admin page's stylesheet, served as a file (`/admin/admin.css`) so that the pages work under a strict
 * Content-Security-Policy (`style-src 'self'`, no inline styles, no scripts at all).
 */
export const ADMIN_CSS = `
:root { color-scheme: light dark; --accent: #2563eb; --muted: #59636e; --border: #d1d9e0; --surface: #f6f8fa; --up: #15803d; --down: #b42318; }
@media (prefers-color-scheme: dark) { :root { --muted: #a9b1ba; --border: #3d414a; --surface: #22252b; --up: #4ade80; --down: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
header { display: flex; align-items: center; gap: 1.5rem; padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--border); }
header h1 { margin: 0; font-size: 1.1rem; }
header nav { display: flex; gap: 1rem; align-items: center; margin-left: auto; }
main { padding: 1.5rem; max-width: 72rem; margin: 0 auto; }
h2 { font-size: 1.05rem; margin: 2rem 0 0.75rem; }
a { color: var(--accent); }
button, input, select { font: inherit; }
button { cursor: pointer; padding: 0.35rem 0.9rem; border: 1px solid var(--border); border-radius: 0.4rem; background: var(--surface); color: inherit; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.75rem; margin: 0; }
.totals div { border: 1px solid var(--border); border-radius: 0.5rem; padding: 0.6rem 0.8rem; }
.totals dt { color: var(--muted); font-size: 0.85rem; }
.totals dd { margin: 0; font-size: 1.35rem; font-variant-numeric: tabular-nums; }
form.filters, form.export { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: end; padding: 0.75rem; border: 1px solid var(--border); border-radius: 0.5rem; }
form.filters label, form.export label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 0.2rem; }
form.filters label.check, form.export label.check { flex-direction: row; align-items: center; gap: 0.4rem; color: inherit; }
.exports { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.exports h3 { margin: 0 0 0.25rem; font-size: 0.95rem; width: 100%; }
table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
th, td { text-align: left; padding: 0.45rem 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.preview { max-width: 28rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 0.8rem; font-size: 0.8rem; border: 1px solid var(--border); }
.badge.flagged, .badge.error, .badge.down { color: var(--down); border-color: currentColor; }
.badge.up, .badge.complete { color: var(--up); border-color: currentColor; }
.muted { color: var(--muted); }
.notice { padding: 0.6rem 0.8rem; border: 1px solid var(--down); color: var(--down); border-radius: 0.5rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.turn { border: 1px solid var(--border); border-radius: 0.6rem; margin: 1rem 0; overflow: hidden; }
.question, .answer { padding: 0.75rem 1rem; }
.question { background: var(--surface); }
.answer { border-top: 1px solid var(--border); }
.answer.active { border-left: 4px solid var(--accent); }
.turn.edited-away, .turn.after-edit { border-style: dashed; }
.turn.edited-away .text, .turn.after-edit .text { color: var(--muted); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0 0; }
.details { display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; font-size: 0.82rem; color: var(--muted); }
.feedback { margin-top: 0.4rem; font-size: 0.9rem; }
.login { max-width: 24rem; margin: 4rem auto; display: flex; flex-direction: column; gap: 0.75rem; }
.login input { padding: 0.45rem; }
.pager { display: flex; justify-content: flex-end; margin-top: 0.75rem; }
`;
