import { expect } from '@open-wc/testing';
import type { UIMessage } from '@sitechat/protocol';
import { AssistantMessageBuilder } from './assistant-message-builder.js';

function newMessage(): UIMessage {
  return { id: 'local', role: 'assistant', parts: [] };
}

describe('AssistantMessageBuilder', () => {
  it('builds interleaved text parts by id and takes the server message id', () => {
    const builder = new AssistantMessageBuilder(newMessage());
    expect(builder.isEmpty).to.equal(true);
    builder.apply({ type: 'start', messageId: 'server-id' });
    builder.apply({ type: 'text-start', id: 'a' });
    builder.apply({ type: 'text-start', id: 'b' });
    builder.apply({ type: 'text-delta', id: 'a', delta: 'one ' });
    builder.apply({ type: 'text-delta', id: 'b', delta: 'two' });
    builder.apply({ type: 'text-delta', id: 'a', delta: 'three' });
    builder.apply({ type: 'text-end', id: 'a' });
    builder.apply({ type: 'text-end', id: 'b' });
    expect(builder.message.id).to.equal('server-id');
    expect(builder.message.parts).to.deep.equal([
      { type: 'text', text: 'one three' },
      { type: 'text', text: 'two' },
    ]);
    expect(builder.isEmpty).to.equal(false);
    expect(builder.finished).to.equal(false);
    builder.apply({ type: 'finish', finishReason: 'stop' });
    expect(builder.finished).to.equal(true);
    expect(builder.finishReason).to.equal('stop');
  });

  it('accepts a delta without text-start and skips chunk types it does not know', () => {
    const builder = new AssistantMessageBuilder(newMessage());
    builder.apply({ type: 'text-delta', id: 'x', delta: 'Hi' });
    builder.apply({ type: 'reasoning-delta', id: 'r', delta: '…' } as never);
    builder.apply({ type: 'text-delta', id: 'x', delta: '!' });
    expect(builder.message.parts).to.deep.equal([{ type: 'text', text: 'Hi!' }]);
  });

  it('merges message metadata from start, message-metadata and finish', () => {
    const builder = new AssistantMessageBuilder(newMessage());
    builder.apply({ type: 'start', messageMetadata: { model: 'm' } });
    builder.apply({ type: 'message-metadata', messageMetadata: { tokens: 3 } });
    builder.apply({ type: 'finish', messageMetadata: { tokens: 5 } });
    expect(builder.message.metadata).to.deep.equal({ model: 'm', tokens: 5 });
  });

  it('records an error with the code of the data-error before it, and an abort', () => {
    const builder = new AssistantMessageBuilder(newMessage());
    builder.apply({ type: 'data-error', data: { code: 'upstream_auth', retryable: false }, transient: true });
    builder.apply({ type: 'error', errorText: 'The assistant is not available right now.' });
    expect(builder.error?.code).to.equal('upstream_auth');
    expect(builder.error?.retryable).to.equal(false);
    expect(builder.error?.message).to.equal('The assistant is not available right now.');
    expect(builder.message.parts).to.deep.equal([]);

    const stopped = new AssistantMessageBuilder(newMessage());
    stopped.apply({ type: 'abort' });
    expect(stopped.aborted).to.equal(true);
  });
});
