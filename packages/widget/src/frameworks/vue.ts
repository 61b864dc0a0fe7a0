/**
 * `<chat-widget>` in Vue 3 templates, typed (for vue-tsc / Volar). Types only: reference it once,
 *
 * @example
 * // env.d.ts
 * import type {} from '@sitechat/widget/vue';
 *
 * Tell Vue's compiler it is a custom element (`vue({ template: { compilerOptions: { isCustomElement:
 * (tag) => tag === 'chat-widget' } } })` in vite.config), bind properties with `:` (`:starters="[...]"`,
 * `.prop` not needed) and listen with `@chat-open`, `@chat-response-end`, ….
 */
import type { DefineComponent } from 'vue';
import type { ChatWidgetEvents, ChatWidgetProperties } from './properties.js';

type EventProps = {
  [Name in keyof ChatWidgetEvents as `on${Capitalize<CamelCase<Name>>}`]?: (event: ChatWidgetEvents[Name]) => void;
};

type CamelCase<Text extends string> = Text extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Text;

export type ChatWidgetVueComponent = DefineComponent<ChatWidgetProperties & EventProps>;

declare module 'vue' {
  interface GlobalComponents {
    'chat-widget': ChatWidgetVueComponent;
  }
}
