/**
 * `sitechat doctor` against a real server on loopback, directly and behind three proxies written here: one
 * that streams (fine), one that buffers the whole answer (nginx with proxy_buffering on, many CDNs), and
 * one that gzips it (a compression middleware or `gzip on` for the location). The doctor must tell them apart.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, recordingLogger, startHarness } from '../__fixtures__/harness.js';
import { type RunningServer, startServer } from '../node.js';
import { doctorCommand } from './command.js';
import { runDoctor } from './run-doctor.js';

type Mode = 'stream' | 'buffer' | 'gzip';

/** A reverse proxy to `target` that streams, buffers the whole response, or gzips it without flushing. */
async function startProxy(target: string, mode: Mode): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((request, response) => {
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: { ...request.headers, host: upstream.host } },
      (answer) => {
        const headers = { ...answer.headers, server: 'test-proxy' };
        if (mode === 'stream') {
          response.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(response);
        } else if (mode === 'buffer') {
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () => {
            const body = Buffer.concat(parts);
            delete headers['transfer-encoding'];
            response.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(body.length) });
            response.end(body);
          });
        } else {
          delete headers['content-length'];
          response.writeHead(answer.statusCode ?? 502, { ...headers, 'content-encoding': 'gzip' });
          answer.pipe(createGzip()).pipe(response);
        }
      },
    );
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let harness: Harness;
let sitechat: RunningServer;
const proxies: Server[] = [];

beforeAll(async () => {
  harness = await startHarness();
  sitechat = await startServer({ port: 0, logger: recordingLogger(), config: { model: { baseURL: harness.model.url } } });
});
afterAll(async () => {
  for (const proxy of proxies) proxy.close();
  await sitechat.close();
  await harness.close();
});

async function through(mode: Mode): Promise<string> {
  const proxy = await startProxy(sitechat.url, mode);
  proxies.push(proxy.server);
  return proxy.url;
}

const titles = (report: Awaited<ReturnType<typeof runDoctor>>, level: string) =>
  report.findings.filter((finding) => finding.level === level).map((finding) => finding.title);

describe('sitechat doctor', () => {
  it('passes a direct connection and a streaming proxy, and times a real chat answer with --chat', async () => {
    const direct = await runDoctor({ url: sitechat.url, chat: true });
    expect(direct.healthy).toBe(true);
    expect(direct.probe?.verdict.kind).toBe('incremental');
    expect(direct.probe?.serverTiming.sitechat).toBeGreaterThanOrEqual(0);
    expect(direct.chat).toMatchObject({ status: 200, deltas: expect.any(Number) });
    expect(direct.chat?.firstTokenAt).toBeGreaterThan(0);
    expect(direct.chat?.serverTiming.model).toBeGreaterThanOrEqual(0);

    const proxied = await runDoctor({ url: await through('stream') });
    expect(proxied.healthy).toBe(true);
    expect(proxied.probe?.verdict.kind).toBe('incremental');
  });

  it('recognises a proxy that buffers the whole answer, and says how to fix it', async () => {
    const report = await runDoctor({ url: await through('buffer') });
    expect(report.healthy).toBe(false);
    expect(report.probe?.verdict.kind).toBe('buffered');
    expect(titles(report, 'fail')).toEqual([expect.stringMatching(/buffers the whole answer/)]);
    expect(titles(report, 'ok')).toContain('The stream is not compressed');
    expect(titles(report, 'warn')).toEqual([expect.stringMatching(/Content-Length/)]);
    expect(report.findings[0]!.fixes!.join('\n')).toMatch(/proxy_buffering off;/);
  });

  it('recognises a proxy that compresses the stream, and says how to fix it', async () => {
    const report = await runDoctor({ url: await through('gzip') });
    expect(report.healthy).toBe(false);
    expect(report.probe?.verdict.kind).not.toBe('incremental');
    const failures = titles(report, 'fail');
    expect(failures).toContainEqual(expect.stringMatching(/compression holds them back/));
    expect(failures).toContainEqual('The stream is compressed (content-encoding: gzip)');
    expect(failures.join('\n')).not.toMatch(/buffers the whole answer/);
    expect(report.findings.flatMap((finding) => finding.fixes ?? []).join('\n')).toMatch(/gzip off;/);
  });

  it('prints a report and exits 1 when streaming is broken, 0 when it works, 2 for a usage error', async () => {
    const lines: string[] = [];
    const context = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    expect(await doctorCommand([await through('buffer')], context)).toBe(1);
    expect(lines.join('\n')).toMatch(/✗ Tokens arrive all at once[\s\S]*fix: .*proxy_buffering off;/);
    expect(await doctorCommand(['not a url'], context)).toBe(2);
    expect(await doctorCommand([`${sitechat.url}/api/chat`, '--json'], context)).toBe(0);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ healthy: true, chatUrl: `${sitechat.url}/api/chat` });
  });
});
