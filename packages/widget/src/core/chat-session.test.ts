import { expect } from '@open-wc/testing';
import { messageText, type UIMessage } from '@sitechat/protocol';
import { answer, answerStart, FakeTransport, settle, streamError, textDelta } from '../test/fake-transport.js';
import { ChatError } from './chat-error.js';
import { ChatSession, type ResponseEnd } from './chat-session.js';

function texts(messages: readonly UIMessage[]): string[] {
  return messages.map((message) => `${message.role}: ${messageText(message)}`);
}

describe('ChatSession', () => {
  let transport: FakeTransport;
  let session: ChatSession;
  let ends: ResponseEnd[];
  let errors: ChatError[];

  beforeEach(() => {
    transport = new FakeTransport();
    ends = [];
    errors = [];
    session = new ChatSession({
      transport,
      id: 'chat-1',
      onResponseEnd: (end) => ends.push(end),
      onError: (error) => errors.push(error),
    });
  });

  it('sends the conversation and streams the answer through submitted, streaming and ready', async () => {
    const statuses: string[] = [];
    session.subscribe(() => statuses.push(session.status));
    const done = session.send('  What are your hours?  ');
    expect(session.status).to.equal('submitted');
    expect(texts(session.messages)).to.deep.equal(['user: What are your hours?']);

    const call = await transport.nextCall();
    expect(call.request.chatId).to.equal('chat-1');
    expect(call.request.trigger).to.equal('submit-message');
    expect(texts(call.request.messages)).to.deep.equal(['user: What are your hours?']);

    call.push(...answerStart(), textDelta('We open '));
    await settle();
    expect(session.status).to.equal('streaming');
    expect(texts(session.messages)).to.deep.equal(['user: What are your hours?', 'assistant: We open ']);

    call.push(textDelta('at 9.'), ...answer().slice(3));
    call.end();
    await done;
    expect(session.status).to.equal('ready');
    expect(texts(session.messages)).to.deep.equal(['user: What are your hours?', 'assistant: We open at 9.']);
    expect(session.messages[1]!.id).to.equal('answer-1');
    expect(statuses).to.include.members(['submitted', 'streaming', 'ready']);
    expect(ends).to.have.length(1);
    expect(ends[0]!.outcome).to.equal('finished');
    expect(ends[0]!.message).to.equal(session.messages[1]);
  });

  it('appends each delta to the open text part without rebuilding it', async () => {
    const done = session.send('Hi');
    const call = await transport.nextCall();
    call.push(...answerStart(), textDelta('a'));
    await settle();
    const part = session.messages[1]!.parts[0];
    call.push(textDelta('b'), textDelta('c'));
    await settle();
    expect(session.messages[1]!.parts[0]).to.equal(part);
    expect(session.messages[1]!.parts).to.have.length(1);
    expect(messageText(session.messages[1]!)).to.equal('abc');
    call.push(...answer().slice(3)).end();
    await done;
  });

  it('ignores blank text and sends nothing while an answer is in flight', async () => {
    await session.send('   ');
    expect(transport.calls).to.have.length(0);
    const first = session.send('One');
    void session.send('Two');
    expect(transport.calls).to.have.length(1);
    expect(texts(session.messages)).to.deep.equal(['user: One']);
    (await transport.nextCall()).push(...answer('ok')).end();
    await first;
  });

  it('stop() aborts the signal at once and keeps the partial answer', async () => {
    const done = session.send('Tell me a story');
    const call = await transport.nextCall();
    call.push(...answerStart(), textDelta('Once upon'));
    await settle();
    await session.stop();
    expect(call.signal.aborted).to.equal(true);
    expect(call.cancelled).to.equal(true);
    expect(session.status).to.equal('ready');
    expect(session.error).to.equal(undefined);
    expect(texts(session.messages)).to.deep.equal(['user: Tell me a story', 'assistant: Once upon']);
    await done;
    expect(ends.map((end) => end.outcome)).to.deep.equal(['stopped']);
  });

  it('stop() before any answer leaves just the question', async () => {
    const done = session.send('Hello?');
    const call = await transport.nextCall();
    await session.stop();
    await done;
    expect(call.signal.aborted).to.equal(true);
    expect(texts(session.messages)).to.deep.equal(['user: Hello?']);
    expect(ends).to.deep.equal([{ message: undefined, outcome: 'stopped' }]);
  });

  it('a refused request becomes the error, and retry() asks again', async () => {
    transport.refuseNext(new ChatError('model_not_configured', 'No model is configured.', { status: 503 }));
    await session.send('Hi');
    expect(session.status).to.equal('error');
    expect(session.error?.code).to.equal('model_not_configured');
    expect(session.error?.message).to.equal('No model is configured.');
    expect(session.error?.retryable).to.equal(true);
    expect(errors).to.have.length(1);
    expect(texts(session.messages)).to.deep.equal(['user: Hi']);

    transport.replyNext(answer('Hello!'));
    await session.retry();
    expect(session.status).to.equal('ready');
    expect(session.error).to.equal(undefined);
    expect(transport.calls[1]!.request.trigger).to.equal('regenerate-message');
    expect(texts(transport.calls[1]!.request.messages)).to.deep.equal(['user: Hi']);
    expect(texts(session.messages)).to.deep.equal(['user: Hi', 'assistant: Hello!']);
  });

  it('a mid-stream error keeps the partial text; retry() replaces it', async () => {
    transport.replyNext([...answerStart(), textDelta('Partial'), ...streamError('upstream_timeout', 'The model took too long.')]);
    await session.send('Question');
    expect(session.status).to.equal('error');
    expect(session.error?.code).to.equal('upstream_timeout');
    expect(session.error?.message).to.equal('The model took too long.');
    expect(session.error?.retryable).to.equal(true);
    expect(texts(session.messages)).to.deep.equal(['user: Question', 'assistant: Partial']);
    expect(transport.calls[0]!.cancelled).to.equal(true);
    expect(ends.map((end) => end.outcome)).to.deep.equal(['error']);

    transport.replyNext(answer('Complete answer'));
    await session.retry();
    expect(transport.calls[1]!.request.messageId).to.equal('answer-1');
    expect(texts(session.messages)).to.deep.equal(['user: Question', 'assistant: Complete answer']);
  });

  it('an error chunk without data-error is a retryable stream_error', async () => {
    transport.replyNext([...answerStart(), { type: 'error', errorText: 'Something went wrong.' }]);
    await session.send('Q');
    expect(session.error?.code).to.equal('stream_error');
    expect(session.error?.retryable).to.equal(true);
  });

  it('a stream that ends without finish is reported as interrupted, never silently truncated', async () => {
    transport.replyNext([...answerStart(), textDelta('Half an ans')]);
    await session.send('Q');
    expect(session.status).to.equal('error');
    expect(session.error?.code).to.equal('stream_interrupted');
    expect(texts(session.messages)).to.deep.equal(['user: Q', 'assistant: Half an ans']);
  });

  it('a connection lost mid-stream is interrupted; lost before the answer it is a network error', async () => {
    const done = session.send('Q');
    const call = await transport.nextCall();
    call.push(...answerStart(), textDelta('Hel'));
    await settle();
    call.fail(new TypeError('network error'));
    await done;
    expect(session.error?.code).to.equal('stream_interrupted');

    transport.refuseNext(new TypeError('Failed to fetch'));
    await session.send('Again');
    expect(session.error?.code).to.equal('network_error');
    expect(session.error?.retryable).to.equal(true);
  });

  it('sending a new question clears the error', async () => {
    transport.refuseNext(new ChatError('upstream_error', 'Failed.'));
    await session.send('One');
    transport.replyNext(answer('Fine'));
    await session.send('Two');
    expect(session.status).to.equal('ready');
    expect(session.error).to.equal(undefined);
    expect(texts(transport.calls[1]!.request.messages)).to.deep.equal(['user: One', 'user: Two']);
  });

  it('keeps non-transient data parts and sources, and hands transient data to onData', async () => {
    const data: unknown[] = [];
    session = new ChatSession({ transport, onData: (chunk) => data.push(chunk.data) });
    transport.replyNext([
      ...answerStart(),
      { type: 'data-progress', data: { step: 1 }, transient: true },
      { type: 'source-url', sourceId: 's1', url: 'https://example.com/hours', title: 'Hours' },
      { type: 'data-note', id: 'n', data: 'first' },
      { type: 'data-note', id: 'n', data: 'second' },
      textDelta('Text'),
      ...answer().slice(3),
    ]);
    await session.send('Q');
    expect(data).to.deep.equal([{ step: 1 }]);
    expect(session.messages[1]!.parts).to.deep.equal([
      { type: 'text', text: 'Text' },
      { type: 'source-url', sourceId: 's1', url: 'https://example.com/hours', title: 'Hours' },
      { type: 'data-note', id: 'n', data: 'second' },
    ]);
  });

  it('generates a chat id when none is given and continues given messages', () => {
    const restored = new ChatSession({
      transport,
      messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Earlier' }] }],
    });
    expect(restored.id).to.match(/^[0-9a-zA-Z]{16}$/);
    expect(restored.id).to.not.equal(new ChatSession({ transport }).id);
    expect(texts(restored.messages)).to.deep.equal(['user: Earlier']);
  });

  it('regenerate keeps the earlier answer as an alternative; paging shows either', async () => {
    transport.replyNext(answer('First'));
    await session.send('Q');
    transport.replyNext([...answerStart('answer-2'), textDelta('Second'), ...answer().slice(3)]);
    await session.regenerate();
    expect(transport.calls[1]!.request.trigger).to.equal('regenerate-message');
    expect(transport.calls[1]!.request.messageId).to.equal('answer-1');
    const current = session.messages[1]!;
    expect(messageText(current)).to.equal('Second');
    expect(session.alternatives(current).answers.map(messageText)).to.deep.equal(['First', 'Second']);
    session.showAlternative(current, 0);
    expect(texts(session.messages)).to.deep.equal(['user: Q', 'assistant: First']);
    // The visitor's choice travels with the snapshot; the default (the newest) needs no entry.
    const snapshot = session.snapshot();
    expect(snapshot.messages.map(messageText)).to.deep.equal(['Q', 'First', 'Second']);
    expect(snapshot.active).to.deep.equal({ [session.messages[0]!.id]: 'answer-1' });
    const restored = new ChatSession({ transport });
    restored.load(snapshot);
    expect(texts(restored.messages)).to.deep.equal(['user: Q', 'assistant: First']);
  });

  it('edit() replaces the last question (same id, messageId in the request) and drops its answers', async () => {
    transport.replyNext(answer('About tea'));
    await session.send('Tea?');
    const question = session.messages[0]!;
    transport.replyNext(answer('About coffee'));
    await session.edit('Coffee?');
    const request = transport.calls[1]!.request;
    expect(request.trigger).to.equal('submit-message');
    expect(request.messageId).to.equal(question.id);
    expect(texts(request.messages)).to.deep.equal(['user: Coffee?']);
    expect(texts(session.messages)).to.deep.equal(['user: Coffee?', 'assistant: About coffee']);
    expect(session.messages[0]!.id).to.equal(question.id);
  });

  it('with serverHistory, sends only the question, and takes the ids the server stored under', async () => {
    session.serverHistory = true;
    transport.replyNext([{ type: 'start', messageId: 'a1', messageMetadata: { conversationId: 'conv-1', parentId: 'q-server' } }, ...answer('One').slice(1)]);
    await session.send('First');
    expect(session.conversationId).to.equal('conv-1');
    expect(session.messages[0]!.id).to.equal('q-server');
    expect(session.alternatives(session.messages[1]!).answers).to.have.length(1);
    transport.replyNext(answer('Two'));
    await session.send('Second');
    const request = transport.calls[1]!.request;
    expect(request.chatId).to.equal('conv-1');
    expect(texts(request.messages)).to.deep.equal(['user: Second']);
    // The context is asked for each request.
    session.context = () => ({ url: 'https://shop.example/cart' });
    transport.replyNext(answer('Three'));
    await session.send('Third');
    expect(transport.calls[2]!.request.context).to.deep.equal({ url: 'https://shop.example/cart' });
  });

  it('load(): a reload mid-answer is interrupted with Retry; failed or empty alternatives beside good ones are dropped', () => {
    const q = (id: string, text: string) => ({ id, role: 'user' as const, parts: [{ type: 'text', text }] });
    const a = (id: string, parentId: string, text: string, status: string) => ({ id, role: 'assistant' as const, parts: text ? [{ type: 'text', text }] : [], metadata: { parentId, status } });
    session.load({
      id: 'chat-1',
      conversationId: 'conv-1',
      messages: [q('q1', 'One'), a('a1', 'q1', 'Good', 'complete'), a('a1b', 'q1', 'Half', 'error'), a('a1c', 'q1', '', 'error'), q('q2', 'Two'), a('a2', 'q2', 'Arriv', 'streaming')],
    });
    expect(texts(session.messages)).to.deep.equal(['user: One', 'assistant: Good', 'user: Two', 'assistant: Arriv']);
    expect(session.alternatives(session.messages[1]!).answers.map((message) => message.id)).to.deep.equal(['a1']);
    expect(session.status).to.equal('error');
    expect(session.error?.code).to.equal('stream_interrupted');
    session.load({ id: 'chat-1', messages: [q('q1', 'One'), a('a1', 'q1', '', 'error')] });
    expect(texts(session.messages)).to.deep.equal(['user: One']);
    expect(session.status).to.equal('error');
  });

  it('a conversation the server no longer has (conversation_not_found) is left: the retry starts a new one', async () => {
    transport.replyNext([{ type: 'start', messageId: 'a1', messageMetadata: { conversationId: 'conv-old' } }, ...answer('One').slice(1)]);
    await session.send('First');
    transport.refuseNext(new ChatError('conversation_not_found', 'No such conversation.', { status: 404 }));
    await session.send('Second');
    expect(session.conversationId).to.equal(undefined);
    transport.replyNext(answer('Two'));
    await session.retry();
    expect(transport.calls[2]!.request.chatId).to.not.equal('conv-old');
    expect(transport.calls[2]!.request.chatId).to.not.equal('chat-1');
  });

  it('reset() stops, forgets and takes a new id', async () => {
    transport.replyNext(answer('One'));
    await session.send('First');
    session.reset();
    expect(session.messages).to.deep.equal([]);
    expect(session.id).to.not.equal('chat-1');
    expect(session.status).to.equal('ready');
  });
});
