import { defineConfig } from 'vite';

// No React plugin needed to build: Vite compiles JSX itself (tsconfig's "jsx": "react-jsx").
// In development, the widget's requests go to a Sitechat server on port 3000 (`pnpm start` at the repository root).
export default defineConfig({
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
