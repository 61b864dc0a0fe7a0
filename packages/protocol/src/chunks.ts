/**
 * The chunks of the AI SDK "UI message stream" protocol, version v1, that Sitechat sends and understands.
 * Each chunk travels as one SSE event: `data: <json>\n\n`; the stream ends with `data: [DONE]`.
 * Field names and shapes follow the `ai` package's `uiMessageChunkSchema` so that an AI SDK `useChat`
 * front end can read a Sitechat stream and `<chat-widget>` can read an AI SDK backend's stream.
 */

/** Why the model stopped, as the AI SDK names it. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'interrupted' | 'other';

export interface StartChunk<Metadata = unknown> {
  type: 'start';
  messageId?: string;
  messageMetadata?: Metadata;
}

export interface StartStepChunk {
  type: 'start-step';
}

export interface FinishStepChunk {
  type: 'finish-step';
}

export interface TextStartChunk {
  type: 'text-start';
  id: string;
}

export interface TextDeltaChunk {
  type: 'text-delta';
  id: string;
  delta: string;
}

export interface TextEndChunk {
  type: 'text-end';
  id: string;
}

/** A source the answer drew on (a page of the owner's site). */
export interface SourceUrlChunk {
  type: 'source-url';
  sourceId: string;
  url: string;
  title?: string;
}

/** Application data. `transient` parts are delivered to the client but not kept in the message. */
export interface DataChunk<Name extends string = string, Data = unknown> {
  type: `data-${Name}`;
  id?: string;
  data: Data;
  transient?: boolean;
}

/** A failure. `errorText` is always safe to show to a visitor; upstream text never travels here. */
export interface ErrorChunk {
  type: 'error';
  errorText: string;
}

export interface FinishChunk<Metadata = unknown> {
  type: 'finish';
  finishReason?: FinishReason;
  messageMetadata?: Metadata;
}

export interface AbortChunk {
  type: 'abort';
  reason?: string;
}

export interface MessageMetadataChunk<Metadata = unknown> {
  type: 'message-metadata';
  messageMetadata: Metadata;
}

export type UIMessageChunk =
  | StartChunk
  | StartStepChunk
  | FinishStepChunk
  | TextStartChunk
  | TextDeltaChunk
  | TextEndChunk
  | SourceUrlChunk
  | DataChunk
  | ErrorChunk
  | FinishChunk
  | AbortChunk
  | MessageMetadataChunk;

/** Narrow a chunk to its `data-*` form. */
export function isDataChunk(chunk: UIMessageChunk): chunk is DataChunk {
  return chunk.type.startsWith('data-');
}
