/*
 * overlay.js: everything noticeboard draws on a page, kept outside the editors.
 *
 * One element, <noticeboard-overlay>, is appended to the document's root with its own shadow root; it
 * holds the count badges, the warning card, the underlines for textareas and inputs, and an ARIA live
 * region. Contenteditable editors are underlined with the CSS Custom Highlight API over Ranges instead,
 * so React editors keep their DOM, caret, selection and undo history. Field logic (field.js) decides what
 * to show; this file only draws it.
 *
 * API: overlay_get(); overlay_highlight_css_ensure(root); overlay_highlight_set(owner, items); overlay_underlines_set(owner, items);
 *      overlay_badge_set(owner, rect, viewWidth, count, severity, onOpen); overlay_card_show(rect, warning, actions);
 *      overlay_card_hide(); overlay_card_contains(node); overlay_announce(text); overlay_forget(owner).
 */
'use strict';

var NB_SEVERITIES = ['error', 'warning', 'suggestion'];
var NB_SEVERITY_LABELS = { error: 'Policy breach', warning: 'Policy warning', suggestion: 'Suggestion' };
var nbOverlay = null;
var nbHighlightOwners = new Map();

var NB_OVERLAY_CSS = `
:host { all: initial; position: fixed; inset: 0 auto auto 0; width: 0; height: 0; z-index: 2147483647; }
.layer { position: fixed; inset: 0; pointer-events: none; }
.line { position: fixed; height: 0; border-bottom: 2px solid; pointer-events: none; }
.line.error { border-color: #c5221f; } .line.warning { border-color: #b06000; } .line.suggestion { border-color: #1a73e8; border-bottom-style: dotted; }
.badge { position: fixed; pointer-events: auto; font: 600 11px/18px system-ui, sans-serif; min-width: 18px; height: 18px;
  padding: 0 5px; border-radius: 9px; border: 0; color: #fff; cursor: pointer; box-shadow: 0 1px 3px rgba(0,0,0,.3); }
.badge.error { background: #c5221f; } .badge.warning { background: #b06000; } .badge.suggestion { background: #1a73e8; }
.badge:focus-visible, .card :focus-visible { outline: 2px solid #111; outline-offset: 2px; }
.card { position: fixed; pointer-events: auto; max-width: 340px; min-width: 220px; background: #fff; color: #1f1f1f;
  font: 13px/1.4 system-ui, sans-serif; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.25);
  border-top: 4px solid; padding: 10px 12px; box-sizing: border-box; }
.card.error { border-color: #c5221f; } .card.warning { border-color: #b06000; } .card.suggestion { border-color: #1a73e8; }
.severity { font-weight: 700; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
.card.error .severity { color: #a50e0e; } .card.warning .severity { color: #8a4b00; } .card.suggestion .severity { color: #174ea6; }
.message { margin: 4px 0 6px; }
.section { margin: 0 0 6px; color: #444; font-size: 12px; }
.link { color: #174ea6; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
button.suggest, button.ignore { font: inherit; font-size: 12px; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
button.suggest { border: 1px solid #174ea6; background: #e8f0fe; color: #174ea6; font-weight: 600; }
button.ignore { border: 1px solid #999; background: #fff; color: #333; }
.hint { margin-top: 6px; color: #666; font-size: 11px; }
.live { position: fixed; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
.mirror { position: fixed; visibility: hidden; overflow: hidden; pointer-events: none; box-sizing: border-box; }
`;

function overlay_get() {
  if (nbOverlay && nbOverlay.host.isConnected) return nbOverlay;
  const host = document.createElement('noticeboard-overlay');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = NB_OVERLAY_CSS;
  const layer = document.createElement('div');
  layer.className = 'layer';
  const live = document.createElement('div');
  live.className = 'live';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  shadow.append(style, layer, live);
  document.documentElement.appendChild(host);
  nbOverlay = { host, shadow, layer, live, card: null, badges: new Map(), lines: new Map(), mirrors: new Map() };
  return nbOverlay;
}

/* How warnings look inside contenteditable editors, painted by the CSS Custom Highlight API. */
var NB_HIGHLIGHT_CSS = `
::highlight(noticeboard-error) { text-decoration: underline wavy #c5221f 2px; text-decoration-skip-ink: none; background-color: rgba(197, 34, 31, 0.08); }
::highlight(noticeboard-warning) { text-decoration: underline wavy #b06000 2px; text-decoration-skip-ink: none; background-color: rgba(227, 116, 0, 0.08); }
::highlight(noticeboard-suggestion) { text-decoration: underline dotted #1a73e8 2px; text-decoration-skip-ink: none; }
`;
var nbHighlightSheet = null;

/* ::highlight rules only reach their own tree, so the document or shadow root holding an editor adopts
 * them; checked on every layout because a page may replace its adopted sheets. */
function overlay_highlight_css_ensure(root) {
  if (!root || !('adoptedStyleSheets' in root)) return;
  try {
    if (!nbHighlightSheet) {
      nbHighlightSheet = new CSSStyleSheet();
      nbHighlightSheet.replaceSync(NB_HIGHLIGHT_CSS);
    }
    if (!root.adoptedStyleSheets.includes(nbHighlightSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, nbHighlightSheet];
  } catch (e) { /* the badge and card still work without underline styles */ }
}

function overlay_highlight_supported() {
  return typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';
}

/* items: [{range, severity}] for one field; the page-wide highlights are rebuilt from every field. */
function overlay_highlight_set(owner, items) {
  if (items.length) nbHighlightOwners.set(owner, items); else nbHighlightOwners.delete(owner);
  for (const severity of NB_SEVERITIES) {
    const ranges = [];
    for (const list of nbHighlightOwners.values()) for (const it of list) if (it.severity === severity) ranges.push(it.range);
    const name = 'noticeboard-' + severity;
    if (ranges.length) CSS.highlights.set(name, new Highlight(...ranges));
    else CSS.highlights.delete(name);
  }
}

/* items: [{rects, severity, start, end}] in viewport coordinates, drawn as lines under the text. The
 * field's existing lines are reused, since this runs on every keystroke, scroll and reply. */
function overlay_underlines_set(owner, items) {
  const ov = overlay_get();
  const els = ov.lines.get(owner) || [];
  let used = 0;
  for (const it of items) {
    for (const r of it.rects) {
      let el = els[used++];
      if (!el) {
        el = document.createElement('div');
        ov.layer.appendChild(el);
        els.push(el);
      }
      el.className = 'line ' + it.severity;
      el.dataset.start = it.start;
      el.dataset.end = it.end;
      el.style.left = r.left + 'px';
      el.style.top = (r.bottom - 2) + 'px';
      el.style.width = r.width + 'px';
    }
  }
  for (const el of els.splice(used)) el.remove();
  ov.lines.set(owner, els);
}

/* rect is the composer's and viewWidth the viewport's, both read by the caller before anything is drawn. */
function overlay_badge_set(owner, rect, viewWidth, count, severity, onOpen) {
  const ov = overlay_get();
  let badge = ov.badges.get(owner);
  if (!count || !rect) {
    if (badge) badge.hidden = true;
    return;
  }
  if (!badge) {
    badge = document.createElement('button');
    badge.type = 'button';
    badge.addEventListener('click', () => badge.nbOpen());
    ov.shadow.appendChild(badge);
    ov.badges.set(owner, badge);
  }
  badge.nbOpen = onOpen;
  badge.hidden = false;
  badge.className = 'badge ' + severity;
  badge.textContent = String(count);
  badge.setAttribute('aria-label', count + (count === 1 ? ' policy warning' : ' policy warnings') + ' in this post; press to review');
  /* Beside the composer's bottom-right corner so it never covers text; inside it when there is no room. */
  const outside = rect.right + 28 <= viewWidth;
  badge.style.left = (outside ? rect.right + 4 : Math.max(0, rect.right - 24)) + 'px';
  badge.style.top = Math.max(0, rect.bottom - 20) + 'px';
}

/* actions: {onSuggest(text), onIgnore(), onOpenLink(), suggestions: Promise<string[]>|null} */
function overlay_card_show(rect, warning, actions) {
  const ov = overlay_get();
  overlay_card_hide();
  const card = document.createElement('div');
  card.className = 'card ' + warning.severity;
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-label', NB_SEVERITY_LABELS[warning.severity] || 'Policy warning');
  const policy = warning.policy || {};
  const severity = overlay_el('div', 'severity', (NB_SEVERITY_LABELS[warning.severity] || warning.severity) + ' · ' + warning.category);
  const message = overlay_el('p', 'message', warning.message);
  const section = overlay_el('p', 'section', [policy.section && 'Section ' + policy.section, policy.title].filter(Boolean).join(': ') +
    (policy.pack ? ' (' + policy.pack + ')' : ''));
  const link = overlay_el('a', 'link', 'Read the policy section');
  link.href = warning.link;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.addEventListener('click', (e) => { e.preventDefault(); actions.onOpenLink(); });
  /* A spelling slip breaks no policy section, so its card offers only the fix. */
  const policyParts = warning.category === 'spelling' ? [] : [section, link];
  const buttons = overlay_el('div', 'actions', '');
  const ignore = overlay_el('button', 'ignore', 'Ignore');
  ignore.type = 'button';
  ignore.setAttribute('aria-label', 'Ignore this warning for this post');
  ignore.addEventListener('click', actions.onIgnore);
  buttons.appendChild(ignore);
  const hint = overlay_el('div', 'hint', 'Alt+Enter to reach these buttons, Esc to close');
  card.append(severity, message, ...policyParts, buttons, hint);
  overlay_card_add_suggestions(buttons, ignore, warning.suggestions || [], actions.onSuggest);
  if (actions.suggestions) {
    actions.suggestions.then((list) => { if (card.isConnected) overlay_card_add_suggestions(buttons, ignore, list, actions.onSuggest); });
  }
  card.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); actions.onClose(); } });
  ov.shadow.appendChild(card);
  ov.card = card;
  overlay_card_place(card, rect);
  return card;
}

function overlay_card_add_suggestions(buttons, before, list, onSuggest) {
  for (const text of list.slice(0, 5)) {
    const b = overlay_el('button', 'suggest', text);
    b.type = 'button';
    b.setAttribute('aria-label', 'Replace with ' + text);
    b.addEventListener('click', () => onSuggest(text));
    buttons.insertBefore(b, before);
  }
}

/* Below the underline when it fits, above otherwise, and always inside the viewport. */
function overlay_card_place(card, rect) {
  const box = card.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  let top = rect.bottom + 6;
  if (top + box.height > vh) top = rect.top - box.height - 6 > 0 ? rect.top - box.height - 6 : vh - box.height - 4;
  card.style.top = Math.max(4, top) + 'px';
  card.style.left = Math.max(4, Math.min(rect.left, vw - box.width - 4)) + 'px';
}

function overlay_card_hide() {
  if (nbOverlay && nbOverlay.card) {
    nbOverlay.card.remove();
    nbOverlay.card = null;
  }
}

function overlay_card_contains(node) {
  return !!(nbOverlay && nbOverlay.card && node && (node === nbOverlay.host || nbOverlay.card.contains(node)));
}

function overlay_card_focus_first() {
  const first = nbOverlay && nbOverlay.card && nbOverlay.card.querySelector('button, a');
  if (first) first.focus();
  return !!first;
}

function overlay_announce(text) {
  const ov = overlay_get();
  ov.live.textContent = '';
  /* A fresh text node after clearing makes screen readers announce repeats too. */
  setTimeout(() => { ov.live.textContent = text; }, 50);
}

/* A hidden copy of a textarea or input laid out like it, so text positions can be measured without
 * touching the field itself. */
function overlay_mirror(owner, field) {
  const ov = overlay_get();
  let mirror = ov.mirrors.get(owner);
  if (!mirror) {
    mirror = document.createElement('div');
    mirror.className = 'mirror';
    mirror.appendChild(document.createTextNode(''));
    ov.shadow.appendChild(mirror);
    ov.mirrors.set(owner, mirror);
  }
  const cs = getComputedStyle(field), rect = field.getBoundingClientRect();
  for (const prop of ['font', 'letterSpacing', 'wordSpacing', 'textTransform', 'textIndent', 'tabSize', 'lineHeight',
    'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth',
    'borderBottomWidth', 'borderLeftWidth', 'borderStyle', 'direction', 'textAlign']) mirror.style[prop] = cs[prop];
  const single = field.tagName === 'INPUT';
  mirror.style.whiteSpace = single ? 'pre' : 'pre-wrap';
  mirror.style.overflowWrap = single ? 'normal' : 'break-word';
  mirror.style.left = rect.left + 'px';
  mirror.style.top = rect.top + 'px';
  mirror.style.width = rect.width + 'px';
  mirror.style.height = rect.height + 'px';
  if (mirror.firstChild.data !== field.value + '\u200b') mirror.firstChild.data = field.value + '\u200b';
  mirror.scrollTop = field.scrollTop;
  mirror.scrollLeft = field.scrollLeft;
  return mirror.firstChild;
}

function overlay_forget(owner) {
  overlay_highlight_set(owner, []);
  if (!nbOverlay) return;
  for (const el of nbOverlay.lines.get(owner) || []) el.remove();
  nbOverlay.lines.delete(owner);
  for (const map of [nbOverlay.badges, nbOverlay.mirrors]) {
    const el = map.get(owner);
    if (el) el.remove();
    map.delete(owner);
  }
}

function overlay_el(tag, className, text) {
  const el = document.createElement(tag);
  el.className = className;
  if (text) el.textContent = text;
  return el;
}

/* How long the last check took from the debounce firing, in milliseconds: to the reply, to the
 * underlines being set, and to the frame that paints them. Kept on the overlay element so diagnostics
 * and the benchmark can tell the round trip from the drawing and the wait for a frame; it holds no
 * post text. */
function overlay_record_latency(ms) {
  const host = overlay_get().host;
  host.dataset.checks = String(Number(host.dataset.checks || 0) + 1);
  host.dataset.lastReplyMs = ms.reply.toFixed(2);
  host.dataset.lastDrawnMs = ms.drawn.toFixed(2);
  host.dataset.lastPaintMs = ms.painted.toFixed(2);
}
