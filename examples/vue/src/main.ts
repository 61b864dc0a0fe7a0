import { createApp } from 'vue';
// Registers <chat-widget> (once, however often it is imported).
import '@sitechat/widget/define';
import App from './app.vue';

createApp(App).mount('#app');
