/**
 * The entry of `sitechat.js`, the one-file build for a plain `<script>` tag: Lit and the widget in a single
 * script that registers `<chat-widget>` when it runs. The call is explicit (not a bare `import './define.js'`)
 * because the package declares `src/` free of side effects, and a bundler would drop a bare import.
 */
import { defineChatWidget } from './define.js';

defineChatWidget();
