/**
 * The load generator, in its own process so that its work is not counted against the servers': node:http
 * with a keep-alive pool as large as the concurrency. Commands arrive over IPC from gateway.bench.ts.
 *   run:  `total` streams, `concurrency` at a time; per stream the time to the first token and to the end.
 *   hold: open `count` streams (at once, or `rate` per second) and report when all have their first token; `end` then waits for them
 *         to finish (and counts the complete ones), `cut` closes them.
 */
import { Agent, request } from 'node:http';

export interface Target {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Text that marks the first token in the answer's bytes. */
  marker: string;
}

interface Sample {
  ttft: number;
  total: number;
  ok: boolean;
  /** Why a stream failed: its status, or the connection error's code. */
  failure?: string;
}

const agents = new Map<number, Agent>();
function agentFor(size: number): Agent {
  let agent = agents.get(size);
  // `timeout` makes the agent honour the server's `Keep-Alive: timeout=N` (closing an idle connection a second
  // before the server would); without it a round that starts about N seconds after the last one meets closing
  // connections and counts ECONNRESETs that no browser would show.
  if (agent === undefined) agents.set(size, (agent = new Agent({ keepAlive: true, maxSockets: size, maxFreeSockets: size, timeout: 60_000 })));
  return agent;
}

const open = new Set<{ destroy(): void }>();

function stream(target: Target, agent: Agent, onFirst?: () => void): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttft = -1;
    let tail = '';
    const outgoing = request(target.url, { method: 'POST', agent, headers: { ...target.headers, 'content-length': Buffer.byteLength(target.body) } }, (response) => {
      response.on('data', (chunk: Buffer) => {
        if (ttft < 0) {
          const text = tail + chunk.toString('latin1');
          if (text.includes(target.marker)) {
            ttft = performance.now() - started;
            onFirst?.();
          }
          tail = text.slice(-48);
        } else {
          tail = (tail + chunk.toString('latin1', Math.max(0, chunk.length - 48))).slice(-48);
        }
      });
      response.on('end', () => {
        open.delete(outgoing);
        // 'close' follows 'end'; resolve first with the real outcome.
        const ok = response.statusCode === 200 && ttft >= 0 && tail.includes('[DONE]');
        resolve(ok ? { ttft, total: performance.now() - started, ok } : { ttft, total: performance.now() - started, ok, failure: response.statusCode === 200 ? 'incomplete' : `HTTP ${response.statusCode}` });
      });
      response.on('error', () => {});
    });
    open.add(outgoing);
    const fail = (error?: NodeJS.ErrnoException) => {
      open.delete(outgoing);
      resolve({ ttft, total: performance.now() - started, ok: false, failure: error?.code ?? 'closed' });
    };
    // After 'end' these change nothing: a promise settles once.
    outgoing.on('error', fail);
    outgoing.on('close', () => fail());
    outgoing.end(target.body);
  });
}

async function run(target: Target, concurrency: number, total: number): Promise<Sample[]> {
  const agent = agentFor(concurrency);
  const samples: Sample[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      samples.push(await stream(target, agent));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return samples;
}

let held: Promise<Sample[]> | undefined;

process.on('message', async (message: { id: number; type: string; target: Target; concurrency: number; total: number; count: number; rate?: number; timeoutMs: number }) => {
  const reply = (value: Record<string, unknown>) => process.send!({ id: message.id, ...value });
  if (message.type === 'run') {
    const wall = performance.now();
    const samples = await run(message.target, message.concurrency, message.total);
    reply({ samples, wallMs: performance.now() - wall });
  } else if (message.type === 'hold') {
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    let first = 0;
    let allFirst!: () => void;
    const everyone = new Promise<void>((resolve) => (allFirst = resolve));
    const onFirst = () => ++first === message.count && allFirst();
    const wall = performance.now();
    // Opened at `rate` per second (all at once without it): a population of open streams, not a stampede.
    const interval = message.rate ? 1000 / message.rate : 0;
    held = Promise.all(
      Array.from({ length: message.count }, (_, index) =>
        interval === 0
          ? stream(message.target, agent, onFirst)
          : new Promise<void>((resolve) => setTimeout(resolve, index * interval)).then(() => stream(message.target, agent, onFirst)),
      ),
    );
    const timer = new Promise<void>((resolve) => setTimeout(resolve, message.timeoutMs));
    await Promise.race([everyone, timer]);
    reply({ withFirstToken: first, openSockets: open.size, wallMs: performance.now() - wall });
  } else if (message.type === 'end') {
    const samples = await held!;
    reply({ samples });
  } else if (message.type === 'cut') {
    for (const outgoing of open) outgoing.destroy();
    open.clear();
    await held;
    reply({});
  }
});
process.send!({ type: 'ready' });
