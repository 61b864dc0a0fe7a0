import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface SitechatProcess {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs the real `sitechat start` CLI (the built one) as a child process, as an owner would. */
export async function startSitechat(options: {
  site: string;
  env?: Record<string, string>;
  args?: string[];
  /** How long it may take to listen. Default 15 s; loading a local model takes longer on a busy machine. */
  readyTimeoutMs?: number;
}): Promise<SitechatProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['packages/server/dist/cli.js', 'start', '--site', options.site, '--port', String(port), '--host', '127.0.0.1', ...(options.args ?? [])],
    {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (data) => (output += String(data)));
  child.stderr?.on('data', (data) => (output += String(data)));
  const url = `http://127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const deadline = Date.now() + readyTimeoutMs;
  while (true) {
    if (child.exitCode !== null) throw new Error(`sitechat start exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sitechat start did not answer within ${readyTimeoutMs / 1000} s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
