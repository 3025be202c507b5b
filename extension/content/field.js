/*
 * field.js: one composer on the page (textarea, input, or contenteditable editor) and its warnings.
 *
 * A field watches its own text (input events and a MutationObserver), waits for a pause in typing
 * (debounce), and asks the background to check the text, with at most one request in flight; a reply is
 * used only if it answers the latest request and the text has not changed since, so warnings never land
 * on the wrong words. Warnings are mapped back to the page as Ranges (text-map.js) and drawn by
 * overlay.js. Applying a suggestion goes through the editor's own input path (execCommand insertText,
 * which fires beforeinput/input), so the editor's state and undo history stay its own. The field never
 * writes to the editor otherwise.
 *
 * API: field_new(el, ctx) / field_free(f); field_text(f); field_schedule(f, delayMs); field_layout(f);
 *      field_item_at_point(f, x, y); field_item_at_caret(f); field_apply(f, item, text); field_ignore(f, item);
 *      field_find_item(f, item); field_has_errors(f). ctx = {site, onChange(f), onItems(f), onBadge(f)}.
 */
'use strict';

var NB_DEBOUNCE_MS = 200;
/* No post is this long; past it the field is a document editor, not a composer, and is left alone. */
var NB_MAX_TEXT = 100000;
var NB_SEVERITY_RANK = { error: 3, warning: 2, suggestion: 1 };

function field_new(el, ctx) {
  const f = {
    el, ctx, rich: !(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement),
    map: null, lastText: '', items: [], ignored: new Set(), seq: 0, inFlight: false, dirty: false, timer: 0,
    announced: new Set(), confirmedText: null, listeners: [], observer: null,
  };
  const onChange = () => field_on_change(f);
  const onScroll = () => field_layout(f);
  f.resizer = new ResizeObserver(onScroll);
  f.resizer.observe(el);
  el.addEventListener('scroll', onScroll, { passive: true });
  f.listeners.push(['scroll', onScroll]);
  if (f.rich) {
    /* Mutations, not input events: editors also re-render without input (formatting, their own fixes). */
    f.observer = new MutationObserver(onChange);
    f.observer.observe(el, { childList: true, characterData: true, subtree: true });
  } else {
    el.addEventListener('input', onChange);
    f.listeners.push(['input', onChange]);
  }
  return f;
}

function field_free(f) {
  clearTimeout(f.timer);
  for (const [type, fn] of f.listeners) f.el.removeEventListener(type, fn);
  if (f.observer) f.observer.disconnect();
  f.resizer.disconnect();
  overlay_forget(f);
}

function field_text(f) {
  if (!f.rich) return f.el.value;
  f.map = textmap_build(f.el);
  return f.map.text;
}

/* Between typing and the next reply, warnings after the edit move with their words and warnings on
 * words that changed go at once, so underlines never sit on the wrong text. A re-render that keeps the
 * text (formatting, an editor's own redraw) only re-maps the Ranges onto the new nodes. */
function field_on_change(f) {
  const before = f.lastText, text = field_text(f);
  f.lastText = text;
  if (!text.trim()) f.ignored.clear();
  field_set_items(f, field_shift_items(f.items, before, text));
  f.ctx.onChange(f);
  if (text !== before) field_schedule(f, NB_DEBOUNCE_MS);
}

/* The items still valid in `text` after an edit of `before`, with offsets moved past the edit. */
function field_shift_items(items, before, text) {
  if (before === text) return items;
  let prefix = 0;
  const shortest = Math.min(before.length, text.length);
  while (prefix < shortest && before.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const delta = text.length - before.length, editEnd = before.length - suffix;
  return items.flatMap((it) => {
    const w = it.warning;
    if (w.end > prefix && w.start < editEnd) return [];
    const moved = w.start >= editEnd && delta ? Object.assign({}, it, { warning: Object.assign({}, w, { start: w.start + delta, end: w.end + delta }) }) : it;
    return text.slice(moved.warning.start, moved.warning.end) === moved.word ? [moved] : [];
  });
}

function field_schedule(f, delayMs) {
  clearTimeout(f.timer);
  f.timer = setTimeout(() => field_check(f), delayMs);
}

async function field_check(f) {
  if (!f.el.isConnected) return;
  if (f.inFlight) { f.dirty = true; return; }
  const started = performance.now();
  const text = field_text(f);
  f.lastText = text;
  const id = ++f.seq;
  if (!text.trim() || text.length > NB_MAX_TEXT) { field_set_items(f, []); return; }
  f.inFlight = true;
  let reply;
  try {
    reply = await channel_request({ type: 'check', text, site: f.ctx.site });
  } catch (e) {
    reply = { ok: false, error: String(e && e.message || e) };
  }
  const replied = performance.now();
  f.inFlight = false;
  if (f.dirty) { f.dirty = false; field_schedule(f, 0); }
  if (id !== f.seq || field_text(f) !== text) return; /* stale: a newer text is on its way */
  if (!reply || !reply.ok) {
    /* No checker: say nothing rather than show warnings for text that has changed. */
    field_set_items(f, []);
    return;
  }
  const items = reply.warnings
    .map((warning) => ({ warning, word: text.slice(warning.start, warning.end), range: null, rects: [] }))
    .filter((it) => !f.ignored.has(field_ignore_key(it)));
  field_set_items(f, items);
  const drawn = performance.now();
  field_announce_new(f);
  /* The next animation frame is the one that paints the new underlines. */
  requestAnimationFrame(() => overlay_record_latency({ reply: replied - started, drawn: drawn - started, painted: performance.now() - started }));
}

function field_set_items(f, items) {
  f.items = items;
  if (f.rich) {
    if (!f.map) field_text(f);
    for (const it of items) it.range = textmap_range(f.map, it.warning.start, it.warning.end);
    f.items = items.filter((it) => it.range);
  }
  field_layout(f);
  f.ctx.onItems(f);
}

/* Redraws underlines and the badge where the field is now (after typing, scrolling, resizing or a
 * re-render by the page). */
function field_layout(f) {
  if (!f.el.isConnected) return;
  /* The composer's box and the viewport's width are read before anything is drawn: read after the
   * badge's writes, the width forced a second style and layout on every reply. */
  const rect = f.el.getBoundingClientRect(), viewWidth = document.documentElement.clientWidth;
  const visible = rect.width > 0 && rect.height > 0;
  if (f.rich) {
    if (overlay_highlight_supported()) {
      if (f.items.length) overlay_highlight_css_ensure(f.el.getRootNode());
      overlay_highlight_set(f, f.items.map((it) => ({ range: it.range, severity: it.warning.severity })));
    } else {
      overlay_underlines_set(f, f.items.map((it) => field_underline(it, [...it.range.getClientRects()], rect)));
    }
  } else {
    const node = f.items.length ? overlay_mirror(f, f.el) : null;
    overlay_underlines_set(f, f.items.map((it) => {
      const range = new Range();
      range.setStart(node, Math.min(it.warning.start, node.length));
      range.setEnd(node, Math.min(it.warning.end, node.length));
      return field_underline(it, [...range.getClientRects()], rect);
    }));
  }
  const worst = f.items.reduce((w, it) => (NB_SEVERITY_RANK[it.warning.severity] > NB_SEVERITY_RANK[w] ? it.warning.severity : w), 'suggestion');
  overlay_badge_set(f, visible ? rect : null, viewWidth, f.items.length, worst, () => f.ctx.onBadge(f));
}

/* Keeps the rects of one warning that fall inside the field, remembered for hit tests. */
function field_underline(item, rects, fieldRect) {
  item.rects = rects.filter((r) => r.width > 0 && r.bottom > fieldRect.top && r.top < fieldRect.bottom &&
    r.right > fieldRect.left && r.left < fieldRect.right);
  return { rects: item.rects, severity: item.warning.severity, start: item.warning.start, end: item.warning.end };
}

function field_item_rects(f, item) {
  return f.rich && item.range ? [...item.range.getClientRects()] : item.rects;
}

function field_item_at_point(f, x, y) {
  for (const item of f.items) {
    for (const r of field_item_rects(f, item)) {
      if (x >= r.left && x <= r.right && y >= r.top - 1 && y <= r.bottom + 3) return { item, rect: r };
    }
  }
  return null;
}

/* The warning the caret is in, so keyboard users get the same card as mouse users. */
function field_item_at_caret(f) {
  let caret = -1;
  if (!f.rich) {
    if (f.el.selectionStart !== f.el.selectionEnd) return null;
    caret = f.el.selectionStart;
  } else {
    const root = f.el.getRootNode();
    const sel = root.getSelection ? root.getSelection() : document.getSelection();
    if (!sel || !sel.isCollapsed || !sel.anchorNode || !f.el.contains(sel.anchorNode) || !f.map) return null;
    caret = textmap_offset(f.map, sel.anchorNode, sel.anchorOffset);
  }
  const item = f.items.find((it) => caret >= it.warning.start && caret <= it.warning.end);
  if (!item) return null;
  const rects = field_item_rects(f, item);
  return rects.length ? { item, rect: rects[0] } : null;
}

/* Replaces the warned words with a suggestion through the editor's own input handling. Refuses when
 * the words have changed since, so it can never overwrite something the person typed. */
async function field_apply(f, item, replacement) {
  const text = field_text(f);
  if (text.slice(item.warning.start, item.warning.end) !== item.word) return false;
  f.el.focus();
  if (!f.rich) {
    f.el.setSelectionRange(item.warning.start, item.warning.end);
  } else {
    const range = textmap_range(f.map, item.warning.start, item.warning.end);
    if (!range) return false;
    const root = f.el.getRootNode();
    const sel = root.getSelection ? root.getSelection() : document.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    /* Editors pick up the new selection from selectionchange, which fires asynchronously. */
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return document.execCommand('insertText', false, replacement);
}

function field_ignore_key(item) {
  return item.warning.rule + '\u0000' + item.word;
}

/* The current item for the same warning as `item` (same rule and words, nearest place), or null. */
function field_find_item(f, item) {
  const key = field_ignore_key(item);
  let best = null;
  for (const it of f.items) {
    if (field_ignore_key(it) !== key) continue;
    if (!best || Math.abs(it.warning.start - item.warning.start) < Math.abs(best.warning.start - item.warning.start)) best = it;
  }
  return best;
}

function field_ignore(f, item) {
  f.ignored.add(field_ignore_key(item));
  field_set_items(f, f.items.filter((it) => it !== item));
}

function field_has_errors(f) {
  return f.items.some((it) => it.warning.severity === 'error');
}

/* Tells screen readers about warnings that are new since the last check, once each. */
function field_announce_new(f) {
  const fresh = f.items.filter((it) => !f.announced.has(field_ignore_key(it)));
  for (const it of f.items) f.announced.add(field_ignore_key(it));
  if (!fresh.length) return;
  const first = fresh[0].warning;
  overlay_announce(`noticeboard: ${f.items.length} ${f.items.length === 1 ? 'warning' : 'warnings'} in this post. ` +
    `${first.message} (section ${first.policy && first.policy.section || '?'}).`);
}
