/*
 * background.js: the extension's background (a service worker in Chrome, an event page in Firefox).
 *
 * It owns the one native port (host-port.js), answers the content scripts' and pages' messages
 * ({type: 'check' | 'suggest' | 'pack' | 'status' | 'open-policy'}), applies the settings to every
 * check, and shows the checker's state in the toolbar badge. Post text passes through here only on its
 * way to the native host; it is never stored or sent anywhere else.
 */
'use strict';

if (typeof importScripts === 'function') {
  importScripts('../common/api.js', '../common/settings.js', 'host-port.js');
}

var nbPort = hostport_new(background_show_state);
var nbSettingsCache = null;

/* Settings are read for every check, so they are cached until storage or policy changes. */
function background_settings() {
  if (!nbSettingsCache) nbSettingsCache = settings_load();
  return nbSettingsCache;
}
nbApi.storage.onChanged.addListener(() => { nbSettingsCache = null; });

function background_show_state(state) {
  const action = nbApi.action;
  const titles = {
    starting: 'noticeboard: starting the checker',
    working: 'noticeboard: checking posts' + (state.hello ? ' against ' + (state.hello.active_pack || 'the default policy') : ''),
    'not-installed': 'noticeboard: checker not installed - contact IT',
    unavailable: 'noticeboard: checker unavailable - retrying',
  };
  const badge = state.status === 'working' || state.status === 'starting' ? '' : '!';
  action.setBadgeText({ text: badge }).catch(() => {});
  action.setBadgeBackgroundColor({ color: '#b3261e' }).catch(() => {});
  action.setTitle({ title: titles[state.status] || 'noticeboard' }).catch(() => {});
  if (state.status === 'working') background_tell_tabs({ type: 'host-ready' });
}

/* Lets every open page re-check its composers once the checker is back, so warnings return without
 * the person having to type again. */
async function background_tell_tabs(message) {
  const tabs = await nbApi.tabs.query({}).catch(() => []);
  for (const tab of tabs) nbApi.tabs.sendMessage(tab.id, message).catch(() => {});
}

/* The link a warning's card opens: IT's intranet page when configured, else the offline viewer. */
function background_policy_link(settings, policy) {
  const pack = policy.pack || '', section = policy.section || '';
  const base = settings.policyUrlBase;
  if (base) {
    if (/\{(pack|section)\}/.test(base)) {
      return base.replace(/\{pack\}/g, encodeURIComponent(pack)).replace(/\{section\}/g, encodeURIComponent(section));
    }
    return section ? base + '#section-' + encodeURIComponent(section) : base;
  }
  return nbApi.runtime.getURL('viewer/viewer.html') + '#pack=' + encodeURIComponent(pack) +
    '&section=' + encodeURIComponent(section);
}

/* While its dictionary loads (its first ~50 ms) the host answers without spelling and says
 * "spelling": "pending"; pages then check again once, a moment later, so spelling warnings appear. */
let nbSpellingRecheck = null;
function background_recheck_spelling() {
  if (nbSpellingRecheck) return;
  nbSpellingRecheck = setTimeout(() => {
    nbSpellingRecheck = null;
    background_tell_tabs({ type: 'host-ready' });
  }, 200);
}

async function background_check(message) {
  const { values } = await background_settings();
  const request = {
    type: 'check', text: String(message.text || ''), site: String(message.site || ''),
    options: {
      spelling: values.spelling,
      disabled_rules: values.disabledRules,
      disabled_categories: values.disabledCategories,
    },
  };
  if (values.pack) request.pack = values.pack;
  const reply = await hostport_request(nbPort, request);
  if (reply.type !== 'result') throw new Error(reply.message || 'the checker could not check this post');
  if (reply.spelling === 'pending') background_recheck_spelling();
  const disabledRules = new Set(values.disabledRules), disabledCategories = new Set(values.disabledCategories);
  if (!values.spelling) disabledCategories.add('spelling');
  const warnings = (reply.warnings || [])
    .filter((w) => !disabledRules.has(w.rule) && !disabledCategories.has(w.category))
    .map((w) => Object.assign({}, w, { link: background_policy_link(values, w.policy || {}) }));
  return { warnings, pack: reply.pack, truncated: !!reply.truncated };
}

async function background_suggest(message) {
  const reply = await hostport_request(nbPort, { type: 'suggest', word: String(message.word || '') });
  return { suggestions: reply.type === 'suggestions' ? reply.suggestions || [] : [] };
}

async function background_pack(message) {
  const request = { type: 'pack' };
  const { values } = await background_settings();
  const pack = message.pack || values.pack;
  if (pack) request.pack = String(pack);
  const reply = await hostport_request(nbPort, request);
  if (reply.type !== 'pack') throw new Error(reply.message || 'the checker has no such policy');
  return { pack: reply.pack };
}

async function background_status() {
  hostport_wake(nbPort);
  const { values, locked } = await background_settings();
  return { state: hostport_state(nbPort), settings: values, locked };
}

/* Only the offline viewer may be opened this way, or a page on the site IT configured; a page cannot use
 * this to open anything else. */
async function background_open_policy(message) {
  const url = String(message.url || '');
  const { values } = await background_settings();
  const ours = url.startsWith(nbApi.runtime.getURL('viewer/viewer.html'));
  const its = values.policyUrlBase && /^https?:/i.test(url) && background_same_origin(url, values.policyUrlBase);
  if (!ours && !its) throw new Error('not a policy link');
  await nbApi.tabs.create({ url });
  return {};
}

function background_same_origin(a, b) {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch (e) {
    return false;
  }
}

var NB_HANDLERS = {
  check: background_check,
  suggest: background_suggest,
  pack: background_pack,
  status: background_status,
  'open-policy': background_open_policy,
};

/* Runs one message's handler; the reply is {ok: true, ...} or {ok: false, error}, never a rejection. */
function background_answer(handler, message, sender) {
  return handler(message, sender).then(
    (reply) => Object.assign({ ok: true }, reply),
    (error) => ({ ok: false, error: String(error && error.message || error) }));
}

nbApi.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = message && NB_HANDLERS[message.type];
  if (!handler) return false;
  background_answer(handler, message, sender).then(sendResponse);
  return true; /* the reply is sent asynchronously */
});

/* Content scripts keep one port open (content/channel.js), so a check costs one message each way rather
 * than a new channel per request; replies echo the request's id. */
nbApi.runtime.onConnect.addListener((port) => {
  if (port.name !== 'noticeboard-content') return;
  port.onMessage.addListener((message) => {
    const handler = message && NB_HANDLERS[message.type];
    if (!handler) return;
    background_answer(handler, message, port.sender).then((reply) => {
      try {
        port.postMessage(Object.assign(reply, { id: message.id }));
      } catch (e) { /* the page went away while its check was running */ }
    });
  });
});
