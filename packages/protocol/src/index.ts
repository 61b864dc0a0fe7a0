export * from './chunks.js';
export * from './messages.js';
export * from './headers.js';
export * from './errors.js';
export * from './sse.js';
