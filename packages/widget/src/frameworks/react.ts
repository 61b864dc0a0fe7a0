/**
 * `<chat-widget>` in React 19 JSX, typed. Types only: reference it once in your app,
 *
 * @example
 * // src/sitechat.d.ts (or any file of the app)
 * import type {} from '@sitechat/widget/react';
 *
 * React 19 sets a prop on a custom element as a property when the element has one (`starters={[...]}`,
 * `context={{ plan: 'pro' }}` work), and turns `on` + the event name into a listener: `onchat-open`,
 * `onchat-response-end`, … (the event names are lowercase with a dash, so the props are too).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ChatWidget } from '../chat-widget.js';
import type { ChatWidgetEvents, ChatWidgetProperties } from './properties.js';

type EventProps = { [Name in keyof ChatWidgetEvents as `on${Name}`]?: (event: ChatWidgetEvents[Name]) => void };

export type ChatWidgetJsxProps = Omit<DetailedHTMLProps<HTMLAttributes<ChatWidget>, ChatWidget>, keyof ChatWidgetProperties> &
  ChatWidgetProperties &
  EventProps & { 'assistant-name'?: string; 'image-origins'?: string; 'storage-key'?: string };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'chat-widget': ChatWidgetJsxProps;
    }
  }
}
