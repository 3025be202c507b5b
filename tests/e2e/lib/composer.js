/*
 * composer.js: what the tests know about each test page's composer, and how they look at what the
 * extension drew there: the live Ranges in CSS.highlights for contenteditable editors, the overlay's
 * underline elements for textareas. Everything is read from the real page, never from the extension's
 * own bookkeeping.
 */
'use strict';

const EDITORS = [
  { name: 'lexical-plain', page: 'lexical.html', selector: '#editor', rich: true },
  { name: 'lexical-rich', page: 'lexical.html?mode=rich', selector: '#editor', rich: true },
  { name: 'draft-js', page: 'draft.html', selector: '#editor [contenteditable="true"]', rich: true },
  { name: 'quill', page: 'quill.html', selector: '#editor .ql-editor', rich: true },
  { name: 'textarea', page: 'textarea.html', selector: '#editor', rich: false },
  { name: 'shadow-root', page: 'shadow.html', selector: 'post-box [contenteditable]', rich: true },
  { name: 'iframe-textarea', page: 'shadow.html', frame: '#frame', selector: '#editor', rich: false },
];

/* The frame the composer lives in (the page itself, or a same-origin iframe). */
async function composer_frame(page, editor) {
  if (!editor.frame) return page.mainFrame();
  const handle = await page.waitForSelector(editor.frame);
  return handle.contentFrame();
}

/* [{text, severity, rect}] for every underline, read from the page. */
async function composer_underlines(frame, editor) {
  return frame.evaluate(([rich, selector]) => {
    const out = [];
    if (rich) {
      for (const severity of ['error', 'warning', 'suggestion']) {
        const h = CSS.highlights.get('noticeboard-' + severity);
        for (const r of h || []) {
          const b = r.getBoundingClientRect();
          out.push({ text: r.toString(), severity, rect: { x: b.x, y: b.y, width: b.width, height: b.height } });
        }
      }
      return out;
    }
    const overlay = document.querySelector('noticeboard-overlay');
    const field = document.querySelector(selector);
    const seen = new Set();
    for (const line of overlay ? overlay.shadowRoot.querySelectorAll('.line') : []) {
      const key = line.dataset.start + ':' + line.dataset.end;
      if (seen.has(key)) continue;
      seen.add(key);
      const b = line.getBoundingClientRect();
      out.push({ text: field.value.slice(+line.dataset.start, +line.dataset.end), severity: line.className.split(' ')[1],
        rect: { x: b.x, y: b.y - 14, width: b.width, height: 14 } });
    }
    return out;
  }, [editor.rich, editor.selector]);
}

async function composer_text(frame) {
  return frame.evaluate(() => (window.editorText ? window.editorText() : document.getElementById('editor').value));
}

/* How many checks the extension has painted in this frame (0 before the overlay exists). */
async function composer_checks(frame) {
  return frame.evaluate(() => Number((document.querySelector('noticeboard-overlay') || { dataset: {} }).dataset.checks || 0));
}

module.exports = { EDITORS, composer_frame, composer_underlines, composer_text, composer_checks };
