import { DONE_EVENT, encodeChunk, UI_MESSAGE_STREAM_HEADERS } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';

/** The request header that turns a `POST /api/chat` into a doctor probe. Its value must be `1`. */
export const DOCTOR_HEADER = 'x-sitechat-doctor';

/** What each probe event carries: its number, how many there are, and the server's clock. */
export interface ProbeEventData {
  seq: number;
  of: number;
  /** Milliseconds since the probe started, on the server. */
  t: number;
}

export interface DoctorProbeOptions {
  /** Default: `true`. When `false`, a probe request gets `404 not_found` (never a real, billed answer). */
  enabled?: boolean;
  /** Default: 20 events... */
  events?: number;
  /** ...every 100 ms: a 2-second stream, long enough to see buffering, short enough to cost nothing. */
  intervalMs?: number;
  /** Default: 2. Probes running at once on this instance; more get `429 doctor_busy`. */
  maxConcurrent?: number;
}

function refusal(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Answers `POST /api/chat` with `X-Sitechat-Doctor: 1` by a timed stream that never calls the model
 * (`sitechat doctor <url>` reads it): the same route, headers and wire format as a real answer, so it
 * crosses the same proxies, with `data-doctor` chunks that carry the server's clock. It costs no tokens,
 * its shape is fixed (the client chooses nothing), and a small cap bounds how many run at once.
 * @example
 * app.post('/api/chat', doctorProbe({ enabled: config.ops.doctor }), jsonBody(), chatHandler(...));
 */
export function doctorProbe(options: DoctorProbeOptions = {}): MiddlewareHandler {
  const { enabled = true, events = 20, intervalMs = 100, maxConcurrent = 2 } = options;
  let running = 0;
  const encoder = new TextEncoder();

  return async (c, next) => {
    if (c.req.header(DOCTOR_HEADER) !== '1') return next();
    if (!enabled) return refusal(404, 'not_found', 'The doctor probe is turned off on this server (ops.doctor).');
    if (running >= maxConcurrent) return refusal(429, 'doctor_busy', 'Another doctor probe is running. Try again in a few seconds.');
    running++;

    const started = performance.now();
    let timer: ReturnType<typeof setInterval> | undefined;
    let done = false;
    const finish = () => {
      if (done) return false;
      done = true;
      clearInterval(timer);
      running--;
      return true;
    };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => controller.enqueue(encoder.encode(text));
        send(encodeChunk({ type: 'start', messageId: 'doctor-probe' }));
        let seq = 0;
        const tick = () => {
          const data: ProbeEventData = { seq, of: events, t: Math.round((performance.now() - started) * 10) / 10 };
          send(encodeChunk({ type: 'data-doctor', data, transient: true }));
          if (++seq < events) return;
          send(encodeChunk({ type: 'finish', finishReason: 'stop' }));
          send(DONE_EVENT);
          if (finish()) controller.close();
        };
        tick();
        timer = setInterval(tick, intervalMs);
      },
      cancel() {
        finish();
      },
    });
    return new Response(body, { headers: { ...UI_MESSAGE_STREAM_HEADERS } });
  };
}
