import type { ChatWidget } from '../chat-widget.js';
import type { ChatWidgetEventDetails } from '../events.js';

/**
 * What a framework may set on `<chat-widget>`: its public properties, all optional. `open` is the boolean a
 * template writes (`<chat-widget open>`, `:open="true"`); it sets `expanded`.
 */
export type ChatWidgetProperties = Partial<
  Pick<
    ChatWidget,
    | 'endpoint'
    | 'title'
    | 'placeholder'
    | 'mode'
    | 'expanded'
    | 'theme'
    | 'position'
    | 'locale'
    | 'welcome'
    | 'starters'
    | 'disclaimer'
    | 'assistantName'
    | 'avatar'
    | 'imageOrigins'
    | 'storage'
    | 'storageKey'
    | 'token'
    | 'getToken'
    | 'context'
    | 'strings'
    | 'transport'
    | 'fetch'
  >
> & { open?: boolean };

/** The widget's events, by name, as the `CustomEvent`s they are. */
export type ChatWidgetEvents = { [Name in keyof ChatWidgetEventDetails]: CustomEvent<ChatWidgetEventDetails[Name]> };
