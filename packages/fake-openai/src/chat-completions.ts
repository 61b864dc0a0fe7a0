import type { ServerResponse } from 'node:http';
import type { FakeReply } from './types.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rough token count (4 characters a token), used for the usage numbers. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function promptText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages.map((message) => (typeof message?.content === 'string' ? message.content : '')).join('\n');
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  const characters = Array.from(text);
  for (let index = 0; index < characters.length; index += size) pieces.push(characters.slice(index, index + size).join(''));
  return pieces;
}

/** Writes one chat completion, streamed or not, in OpenAI's exact wire format. */
export async function writeChatCompletion(
  response: ServerResponse,
  body: any,
  reply: FakeReply & { text: string },
  isGone: () => boolean,
): Promise<void> {
  const id = `chatcmpl-fake${Math.random().toString(36).slice(2, 12)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = typeof body?.model === 'string' ? body.model : 'fake-model';
  const finishReason = reply.finishReason ?? 'stop';
  const usage = {
    prompt_tokens: countTokens(promptText(body)),
    completion_tokens: countTokens(reply.text),
    total_tokens: countTokens(promptText(body)) + countTokens(reply.text),
  };
  const extraHeaders = reply.responseHeaders ?? {};

  if (body?.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json', ...extraHeaders });
    response.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, logprobs: null, finish_reason: finishReason }],
        usage,
      }),
    );
    return;
  }

  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...extraHeaders });
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake' };
  const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
  if (reply.azurePromptFilterChunk) {
    send({ id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] });
  }
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] });

  const pieces = split(reply.text, Math.max(1, reply.chunkSize ?? 4));
  for (let index = 0; index < pieces.length; index++) {
    if (reply.dropAfterDeltas !== undefined && index === reply.dropAfterDeltas) {
      // Let what was written reach the client first, then cut the connection without ending the response.
      await new Promise<void>((resolve) => response.write('', () => resolve()));
      await sleep(20);
      response.socket?.destroy();
      return;
    }
    if (reply.malformedAfterDeltas !== undefined && index === reply.malformedAfterDeltas) {
      response.write('data: {"id": this is not json\n\n');
      response.end();
      return;
    }
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    if (isGone()) return;
    send({ ...base, choices: [{ index: 0, delta: { content: pieces[index] }, logprobs: null, finish_reason: null }] });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }] });
  if (body?.stream_options?.include_usage === true && !reply.omitUsage) send({ ...base, choices: [], usage });
  response.end('data: [DONE]\n\n');
}

/** An OpenAI-shaped error body. */
export function errorBody(status: number, message: string, type?: string, code?: string | null) {
  const defaultType = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type: type ?? defaultType, param: null, code: code === undefined ? null : code } };
}
