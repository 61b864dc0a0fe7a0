import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, postChat, readAllChunks, startHarness } from '../__fixtures__/harness.js';
import { DOCTOR_HEADER, type ProbeEventData } from './probe.js';

let harness: Harness;
beforeAll(async () => (harness = await startHarness()));
beforeEach(() => harness.model.reset());
afterAll(() => harness.close());

const probeInit = { headers: { 'content-type': 'application/json', [DOCTOR_HEADER]: '1' } };

describe('doctor probe (POST /api/chat with X-Sitechat-Doctor: 1)', () => {
  it('streams timed events with the chat headers, and never calls the model', async () => {
    const response = await postChat(harness.app(), chatBody([message('user', 'probe')]), probeInit);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const chunks = await readAllChunks(response);
    const probes = chunks.filter((chunk) => chunk.type === 'data-doctor').map((chunk) => (chunk as { data: ProbeEventData }).data);
    expect(probes).toHaveLength(20);
    expect(probes.map((probe) => probe.seq)).toEqual([...Array(20).keys()]);
    expect(probes[19]!.t - probes[0]!.t).toBeGreaterThanOrEqual(1800);
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    expect(harness.model.requests).toHaveLength(0);
  });

  it('runs at most two at a time per instance', async () => {
    const app = harness.app();
    const running = [postChat(app, chatBody([message('user', 'a')]), probeInit), postChat(app, chatBody([message('user', 'b')]), probeInit)];
    const third = await postChat(app, chatBody([message('user', 'c')]), probeInit);
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('doctor_busy');
    for (const response of await Promise.all(running)) await response.body!.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const again = await postChat(app, chatBody([message('user', 'd')]), probeInit);
    expect(again.status).toBe(200);
    await again.body!.cancel();
  });

  it('when turned off, answers 404 and still never calls the model', async () => {
    const response = await postChat(harness.app({ ops: { doctor: false } }), chatBody([message('user', 'probe')]), probeInit);
    expect(response.status).toBe(404);
    expect(harness.model.requests).toHaveLength(0);
  });

  it('leaves ordinary chat requests alone', async () => {
    const response = await postChat(harness.app(), chatBody([message('user', 'hi')]), {
      headers: { 'content-type': 'application/json', [DOCTOR_HEADER]: 'yes please' },
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(harness.model.requests).toHaveLength(1);
  });
});
