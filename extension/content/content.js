/*
 * content.js: the content script's entry point, run in every frame of every page.
 *
 * It does nothing unless the page's site is on the configured list. There it finds composers as the
 * person reaches them (focusin and input events, which cross open shadow roots; same-origin iframes run
 * their own copy of this script), makes a field (field.js) for each, and routes page-wide events: hover
 * and caret position open the warning card, scrolling and resizing move the underlines, Alt+Enter and
 * Esc work the card from the keyboard. Settings changes and the checker coming back re-check the fields.
 */
'use strict';

var nbFields = new Map();
var nbSettings = null;
/* {field, item, by: {hover, caret, badge}}: what holds the card open. The pointer on the warning or the
 * card, the caret in the warning, or the badge that opened it for the keyboard; it closes once nothing
 * does. */
var nbCard = null;
var nbHideTimer = 0;
var nbLastField = null;

function content_site() {
  try {
    return window.top.location.hostname || location.hostname;
  } catch (e) {
    return location.hostname;
  }
}

/* The editing host for an event target, or null when it is not somewhere people write posts. */
function content_composer(node) {
  if (!node || node.nodeType !== Node.ELEMENT_NODE) node = node && node.parentElement;
  if (!node) return null;
  if (node instanceof HTMLTextAreaElement) return node.readOnly || node.disabled ? null : node;
  if (node instanceof HTMLInputElement) {
    return /^(text|search)$/.test(node.type) && !node.readOnly && !node.disabled ? node : null;
  }
  if (!node.isContentEditable) return null;
  let host = node;
  while (host.parentElement && host.parentElement.isContentEditable) host = host.parentElement;
  return host;
}

function content_enabled() {
  return !!nbSettings && settings_site_matches(nbSettings.sites, content_site());
}

function content_attach(target) {
  const el = content_enabled() ? content_composer(target) : null;
  if (!el) return null;
  let f = nbFields.get(el);
  if (!f) {
    f = field_new(el, { site: content_site(), onChange: content_on_field_change, onItems: content_on_items,
      onBadge: content_open_from_badge });
    nbFields.set(el, f);
    field_schedule(f, 0);
  }
  nbLastField = f;
  return f;
}

function content_on_field_change(f) {
  nbLastField = f;
}

/* A fresh reply or an edit replaces a field's warnings: an open card follows its warning to the new
 * list (it may have moved with the text) and closes when that warning is gone. */
function content_on_items(f) {
  if (!nbCard || nbCard.field !== f) return;
  const next = field_find_item(f, nbCard.item);
  if (next) nbCard.item = next;
  else content_card_hide();
}

function content_card_show(f, hit, source) {
  clearTimeout(nbHideTimer);
  if (nbCard && nbCard.field === f && field_find_item(f, nbCard.item) === hit.item) {
    nbCard.by[source] = true;
    return;
  }
  const item = hit.item, w = item.warning;
  const suggestions = w.category === 'spelling' && !(w.suggestions || []).length
    ? channel_request({ type: 'suggest', word: item.word }).then((r) => (r && r.ok ? r.suggestions : []), () => [])
    : null;
  nbCard = { field: f, item, by: { [source]: true } };
  overlay_card_show(hit.rect, w, {
    suggestions,
    onSuggest: async (text) => { const current = nbCard.item; content_card_hide(); await field_apply(f, current, text); },
    onIgnore: () => { const current = nbCard.item; content_card_hide(); field_ignore(f, current); f.el.focus(); },
    onOpenLink: () => channel_request({ type: 'open-policy', url: w.link }).catch(() => {}),
    onClose: () => { content_card_hide(); f.el.focus(); },
  });
}

/* What held the card lets go. Once nothing holds it, it closes: at once for the caret, after a moment
 * for the pointer so that it can cross the gap to the card's buttons. */
function content_card_release(by) {
  if (!nbCard || !nbCard.by[by]) return;
  nbCard.by[by] = false;
  if (nbCard.by.hover || nbCard.by.caret || nbCard.by.badge) return;
  if (by === 'hover') nbHideTimer = setTimeout(content_card_hide, 400);
  else content_card_hide();
}

function content_card_hide() {
  clearTimeout(nbHideTimer);
  nbCard = null;
  overlay_card_hide();
}

function content_open_from_badge(f) {
  const item = f.items[0];
  if (!item) return;
  const rects = field_item_rects(f, item);
  content_card_show(f, { item, rect: rects[0] || f.el.getBoundingClientRect() }, 'badge');
  overlay_card_focus_first();
}

var nbPointer = null;
function content_on_pointer() {
  const { x, y, target } = nbPointer;
  nbPointer = null;
  if (overlay_card_contains(target)) {
    clearTimeout(nbHideTimer);
    if (nbCard) nbCard.by.hover = true;
    return;
  }
  for (const f of nbFields.values()) {
    const hit = field_item_at_point(f, x, y);
    if (hit) { content_card_show(f, hit, 'hover'); return; }
  }
  content_card_release('hover');
}

function content_on_caret() {
  const f = nbLastField;
  if (!f || !f.el.isConnected) return;
  const hit = field_item_at_caret(f);
  if (hit) content_card_show(f, hit, 'caret');
  else content_card_release('caret');
}

var nbLayoutQueued = false;
/* Scrolling moves the words away from an open card, so it closes; page mutations (a busy feed) do not
 * close it. */
function content_on_scroll() {
  if (nbCard && !nbCard.by.badge) content_card_hide();
  content_relayout();
}

function content_relayout() {
  if (nbLayoutQueued) return;
  nbLayoutQueued = true;
  requestAnimationFrame(() => {
    nbLayoutQueued = false;
    for (const [el, f] of nbFields) {
      if (!el.isConnected) { field_free(f); nbFields.delete(el); continue; }
      field_layout(f);
    }
  });
}

function content_field_for(node) {
  for (let n = node; n; n = n.parentNode || n.host) {
    const f = nbFields.get(n);
    if (f) return f;
    const form = n.closest && n.closest('form');
    if (form) for (const [el, g] of nbFields) if (form.contains(el)) return g;
    if (n.nodeType === Node.DOCUMENT_NODE) break;
  }
  return nbLastField;
}

function content_start() {
  document.addEventListener('focusin', (e) => { content_attach(e.composedPath()[0]); }, true);
  document.addEventListener('input', (e) => { content_attach(e.composedPath()[0]); }, true);
  document.addEventListener('mousemove', (e) => {
    if (!nbPointer) requestAnimationFrame(content_on_pointer);
    nbPointer = { x: e.clientX, y: e.clientY, target: e.composedPath()[0] };
  }, { capture: true, passive: true });
  document.addEventListener('selectionchange', content_on_caret);
  document.addEventListener('keyup', (e) => { if (/^(Arrow|Home|End|Page)/.test(e.key)) content_on_caret(); }, true);
  document.addEventListener('mouseup', () => setTimeout(content_on_caret, 0), true);
  document.addEventListener('keydown', (e) => {
    if (!nbCard) return;
    if (e.key === 'Escape') { content_card_hide(); return; }
    if (e.key === 'Enter' && e.altKey && overlay_card_focus_first()) { e.preventDefault(); e.stopPropagation(); }
  }, true);
  window.addEventListener('scroll', content_on_scroll, { capture: true, passive: true });
  window.addEventListener('resize', content_on_scroll, { passive: true });
  /* Pages re-render and move things without scrolling; follow them and drop fields that are gone. */
  new MutationObserver(content_relayout).observe(document.documentElement, { childList: true, subtree: true });
  postguard_install(content_field_for, () => nbSettings && nbSettings.confirmBeforePost);
  nbApi.runtime.onMessage.addListener((message) => {
    if (message && message.type === 'host-ready') for (const f of nbFields.values()) field_schedule(f, 0);
  });
  const active = document.activeElement;
  if (active) content_attach(active.shadowRoot && active.shadowRoot.activeElement || active);
}

var nbStarted = false;

/* Starts on a listed site, and stops drawing anything when IT or the user takes the site off the list. */
async function content_load_settings() {
  nbSettings = (await settings_load()).values;
  if (!settings_site_matches(nbSettings.sites, content_site())) {
    for (const f of nbFields.values()) field_free(f);
    nbFields.clear();
    content_card_hide();
    return;
  }
  if (!nbStarted) { nbStarted = true; content_start(); }
  for (const f of nbFields.values()) field_schedule(f, 0);
}

content_load_settings();
nbApi.storage.onChanged.addListener(() => { content_load_settings(); });
