/**
 * How much of Sitechat's CPU per answer is the `openai` client: the same streams read (a) through the SDK and
 * (b) with fetch + the protocol's SSE decoder + JSON.parse, in this process, against the fake model on
 * loopback (another process). Diagnostic, not part of `pnpm bench`:  node bench/sdk-cost.ts <model base URL>
 */
import { SSEDecoder } from '@sitechat/protocol';
import OpenAI from 'openai';

const baseURL = process.argv[2]!;
const client = new OpenAI({ apiKey: 'sk-bench', baseURL, maxRetries: 0 });
const body = { model: 'fake-model', stream: true as const, stream_options: { include_usage: true }, messages: [{ role: 'user' as const, content: 'hello' }] };

async function viaSdk(): Promise<number> {
  let count = 0;
  for await (const chunk of await client.chat.completions.create(body)) if (chunk.choices[0]?.delta?.content) count++;
  return count;
}

async function viaSdkResponse(): Promise<number> {
  return parse(await client.chat.completions.create(body).asResponse());
}

async function viaFetch(): Promise<number> {
  return parse(await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }, body: JSON.stringify(body) }));
}

async function parse(response: Response): Promise<number> {
  const decoder = new SSEDecoder();
  let count = 0;
  for await (const bytes of response.body!) {
    for (const event of decoder.push(bytes)) {
      if (event.data === '[DONE]') continue;
      if (JSON.parse(event.data).choices[0]?.delta?.content) count++;
    }
  }
  return count;
}

async function measure(name: string, one: () => Promise<number>, total = 600, concurrency = 8): Promise<void> {
  const run = async (count: number) => {
    let started = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (started++ < count) await one();
    }));
  };
  await run(100);
  const before = process.cpuUsage();
  await run(total);
  const used = process.cpuUsage(before);
  console.log(`${name}: ${((used.user + used.system) / 1000 / total).toFixed(2)} ms CPU per 200-chunk stream`);
}

for (let round = 0; round < 2; round++) {
  await measure('openai SDK (create + iterate)', viaSdk);
  await measure('openai SDK request, own SSE parsing (.asResponse())', viaSdkResponse);
  await measure('fetch + SSEDecoder + JSON.parse', viaFetch);
}
