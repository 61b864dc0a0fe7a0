import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // <chat-widget> is a custom element, not a Vue component: Vue leaves it to the browser.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'chat-widget' } } })],
  // In development, the widget's requests go to a Sitechat server on port 3000 (`pnpm start` at the repository root).
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
