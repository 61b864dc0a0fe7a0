import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { cspMiddleware, testServerPlugin } from './test-server/plugin.mjs';

/** Requests the browser tried to make to anywhere but this test server: aborted, and kept for the tests to check. */
const outsideRequests = [];

export default {
  files: 'src/**/*.test.ts',
  nodeResolve: true,
  // One page at a time: focus assertions need the page to own the focus, and the machines are small.
  concurrency: 1,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
      },
      // Tests never reach the network: anything not addressed to the test server is aborted and recorded.
      async createPage({ context }) {
        await context.route(
          (url) => url.hostname !== 'localhost' && url.hostname !== '127.0.0.1',
          (route) => {
            outsideRequests.push(route.request().url());
            return route.abort('blockedbyclient');
          },
        );
        return context.newPage();
      },
    }),
  ],
  middleware: [cspMiddleware],
  plugins: [
    // esbuild reads the decorator settings (experimentalDecorators, useDefineForClassFields) from tsconfig.json,
    // so the tests run the same class semantics as the Vite build.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    testServerPlugin({ outsideRequests }),
  ],
  testFramework: { config: { timeout: 10000 } },
};
