export { startFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from './fake-model-server.js';
export { replyFromDirectives } from './directives.js';
export { fakeEmbedding } from './embeddings.js';
export { countTokens } from './chat-completions.js';
export type { FakeError, FakeReply, RecordedRequest, ReplyFactory } from './types.js';
