// The baseline for "time to a usable composer": a bare Lit element that renders a text area, nothing else.
import { css, html, LitElement } from 'lit';

class BareComposer extends LitElement {
  static override styles = css`
    textarea {
      font: inherit;
    }
  `;

  protected override render() {
    return html`<textarea aria-label="Message"></textarea>`;
  }
}

customElements.define('bare-composer', BareComposer);
