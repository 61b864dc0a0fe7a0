// Types `<chat-widget>` in templates: its properties and its `@chat-*` events.
import type {} from '@sitechat/widget/vue';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
