/**
 * The entry of `sitechat.js`, the one-file build for a plain `<script>` tag: Lit and the widget in a single
 * script that registers `<chat-widget>` when it runs. The calls are explicit (not a bare `import './define.js'`)
 * because the package declares `src/` free of side effects, and a bundler would drop a bare import.
 *
 * `document.currentScript` is this script only while it runs: it is read now, to find the lazy chunks later.
 */
import { defineChatWidget } from './define.js';
import { setScript } from './lazy.standalone.js';

setScript(document.currentScript as HTMLScriptElement | null);
defineChatWidget();
