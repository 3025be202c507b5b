/*
 * shadow.js: a composer inside an open shadow root (as sites built from web components have), plus a
 * textarea in a same-origin iframe. window.editorText() reads the shadow composer.
 */
class PostBox extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>div{min-height:80px;border:1px solid #888;padding:8px;font:16px/1.5 sans-serif;white-space:pre-wrap}</style>' +
      '<div contenteditable="true" role="textbox" aria-multiline="true" aria-label="Post"></div>';
  }
}
customElements.define('post-box', PostBox);
window.editorText = () => document.querySelector('post-box').shadowRoot.querySelector('[contenteditable]').innerText.replace(/\n$/, '');
