import { ErrorCode } from '@sitechat/protocol';
import type { ConversationStore } from '@sitechat/store';
import { Hono } from 'hono';
import { SitechatError } from '../http/errors.js';
import { storeCall } from './store-errors.js';
import { toConversationBody } from './transcript-messages.js';
import { conversationVisitor, type ConversationVisitorVariables } from './visitor.js';

const NO_STORE = { 'cache-control': 'no-store' };
const notFound = () => new SitechatError(404, ErrorCode.ConversationNotFound, 'There is no such conversation.');

/**
 * The visitor's own conversations, mounted under `/api/conversations` (each route says whose they are with
 * `conversationVisitor()`):
 * - `GET /:id` -> `{ id, messages }` to restore the widget (404 `conversation_not_found` for anyone else's);
 * - `DELETE /:id` -> `{ id, deleted: true }`;
 * - `DELETE /` -> `{ deleted: <count> }`, every conversation of this visitor (their right to be forgotten).
 * Deleting is final: rows, ratings and comparisons go, nothing is kept aside.
 * @example
 * app.route('/api/conversations', conversationRoutes(store));
 */
export function conversationRoutes(store: ConversationStore): Hono<{ Variables: ConversationVisitorVariables }> {
  const routes = new Hono<{ Variables: ConversationVisitorVariables }>();

  routes.get('/:id', conversationVisitor(), async (c) => {
    const transcript = await storeCall(store.getTranscript(c.get('conversationVisitorId'), c.req.param('id')));
    if (transcript === undefined) throw notFound();
    return c.json(toConversationBody(transcript), 200, NO_STORE);
  });

  routes.delete('/:id', conversationVisitor(), async (c) => {
    const id = c.req.param('id');
    const deleted = await storeCall(store.deleteConversation(c.get('conversationVisitorId'), id));
    if (!deleted) throw notFound();
    return c.json({ id, deleted: true }, 200, NO_STORE);
  });

  routes.delete('/', conversationVisitor(), async (c) => {
    const deleted = await storeCall(store.deleteVisitorData(c.get('conversationVisitorId')));
    return c.json({ deleted }, 200, NO_STORE);
  });

  return routes;
}
