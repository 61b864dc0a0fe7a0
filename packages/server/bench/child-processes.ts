/**
 * Plumbing shared by the bench scripts: free ports, waiting for a server, asking a child over IPC, reading
 * `--name=value` options, Linux's TCP counters.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Target } from './load.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The Node options `sitechat start` runs a build's server with (its `SERVER_NODE_OPTIONS`, decision 0015), so
 * that a bench server runs as the command does; none for a build from before them.
 * @example
 * fork(join(serverDir, 'bench/sitechat-server.ts'), args, { execArgv: [...(await serverNodeOptions(serverDir)), ...] });
 */
export async function serverNodeOptions(serverDir: string): Promise<string[]> {
  const file = join(serverDir, 'dist/node-options.js');
  if (!existsSync(file)) return [];
  return [...((await import(pathToFileURL(file).href)) as { SERVER_NODE_OPTIONS: readonly string[] }).SERVER_NODE_OPTIONS];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

const started: ChildProcess[] = [];

/** Kills `child` when this process exits (one exit handler for all of them). */
function killOnExit(child: ChildProcess): void {
  if (started.length === 0) process.on('exit', () => started.forEach((each) => each.kill('SIGKILL')));
  started.push(child);
}

/** Kills `child`, if there is one, and waits until it has exited (its port is free again). */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Forks a bench server with probe.ts preloaded (CPU time and memory over IPC), then `preloads`, then `flags`, and
 * waits until it listens on `port`; `quiet` drops its standard error (Portkey's request log). Killed when this
 * process exits.
 * @example
 * const bare = await startProbedServer(join(here, 'bare-pipe.ts'), [String(port), modelBase], port);
 */
export async function startProbedServer(script: string, args: string[], port: number, options: { preloads?: string[]; flags?: string[]; quiet?: boolean } = {}): Promise<ChildProcess> {
  const imports = [join(here, 'probe.ts'), ...(options.preloads ?? [])].flatMap((file) => ['--import', file]);
  const stderr = options.quiet ? 'ignore' : 'inherit';
  const child = fork(script, args, { execArgv: ['--expose-gc', ...imports, ...(options.flags ?? [])], stdio: ['ignore', 'ignore', stderr, 'ipc'], cwd: dirname(script) });
  killOnExit(child);
  await waitForPort(port, child, script);
  return child;
}

/** Forks the load generator (load.ts) and waits until it is ready for commands. Killed when this process exits. */
export async function startLoadGenerator(): Promise<ChildProcess> {
  const load = fork(join(here, 'load.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  killOnExit(load);
  await new Promise((resolve) => load.once('message', resolve));
  return load;
}

let nextId = 0;

/** Sends `message` to a child with a fresh id and resolves with the child's reply carrying that id. */
export function ask<T>(child: ChildProcess, message: Record<string, unknown>): Promise<T> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const listener = (reply: { id?: number }) => {
      if (reply?.id !== id) return;
      child.off('message', listener);
      resolve(reply as T);
    };
    child.on('message', listener);
    child.send({ ...message, id });
  });
}

/** The value of `--<name>=value` on this script's command line, or undefined. */
export const option = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/** A counter of Linux's TCP statistics (`file`: /proc/net/netstat or /proc/net/snmp; `row`: TcpExt or Tcp); 0 elsewhere. */
function tcpCounter(file: string, row: string, name: string): number {
  try {
    const [names, values] = readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith(`${row}:`)).map((line) => line.split(/\s+/));
    return Number(values![names!.indexOf(name)] ?? 0);
  } catch {
    return 0;
  }
}
/**
 * Connection attempts dropped because a listen queue was full. Each one waits 1 s, then 3 s, for its retry: a
 * measured run with such drops measures the kernel (run R found the bare pipe's).
 */
export const listenOverflows = () => tcpCounter('/proc/net/netstat', 'TcpExt', 'ListenOverflows');
/** TCP connections this machine has opened: a measured run should reuse its pooled ones (run S). */
export const connectionsOpened = () => tcpCounter('/proc/net/snmp', 'Tcp', 'ActiveOpens');

/**
 * Opens the connections a measured run at `concurrency` will use (visitor to gateway, gateway to model), not
 * measured: a burst of new connections overflows listen queues (511 by default in Node), which measures the
 * kernel rather than the gateway. One pass is not always enough: the attempts the kernel drops wait 1 s for their
 * retry while the other streams finish and hand their connections back, so a pass can end with far fewer open
 * than `concurrency` (run S: 250 to 770 then opened in the measured run). Passes repeat until one opens at most
 * 1 % of `concurrency` (five at most; one where the counter is not available).
 */
export async function openConnections(load: ChildProcess, target: Target, concurrency: number): Promise<void> {
  for (let pass = 0; pass < 5; pass++) {
    const opened = connectionsOpened();
    await ask(load, { type: 'run', target, concurrency, total: concurrency });
    if (connectionsOpened() - opened <= concurrency / 100) return;
  }
}
