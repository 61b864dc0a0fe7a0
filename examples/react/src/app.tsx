import { useState } from 'react';
// Registers <chat-widget> (once, however often it is imported).
import '@sitechat/widget/define';
// Types `<chat-widget>` in JSX: its properties and its `onchat-*` events.
import type {} from '@sitechat/widget/react';
import type { ChatWidget } from '@sitechat/widget';

const PRODUCTS = ['Morning Fern', 'Ridgeline Espresso', 'Night Owl Decaf'];

export function App() {
  const [product, setProduct] = useState(PRODUCTS[0]!);
  const [log, setLog] = useState<string[]>([]);
  const note = (line: string) => setLog((lines) => [...lines.slice(-4), line]);

  return (
    <main style={{ fontFamily: 'system-ui', maxWidth: 640, margin: '2rem auto' }}>
      <h1>Fernhill Coffee</h1>
      <label>
        Looking at{' '}
        <select value={product} onChange={(event) => setProduct(event.target.value)}>
          {PRODUCTS.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <ul aria-label="Widget events">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
      {/* Properties (starters, context) are set as properties; `onchat-*` props listen to the widget's events. */}
      <chat-widget
        title="Fernhill assistant"
        welcome="Hi! Ask me about our coffee."
        starters={['Which coffee is the least bitter?', 'How fast do you ship?']}
        context={{ product }}
        onchat-open={() => note('opened')}
        onchat-message-sent={(event) => note(`asked: ${event.detail.message.parts.length} part(s)`)}
        onchat-response-end={(event) => note(`answer ${event.detail.outcome}`)}
      />
      <button type="button" onClick={() => (document.querySelector('chat-widget') as ChatWidget).open()}>
        Ask the assistant
      </button>
    </main>
  );
}
