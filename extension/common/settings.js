/*
 * settings.js: what the user and IT can set, with defaults, and how the two are merged.
 *
 * IT's values come from managed storage (group policy, described by managed_schema.json) and always win;
 * the user's come from local storage via the options page. Every part reads settings through
 * settings_load() so they agree on defaults and on which keys are locked. Shared by the background, the
 * content scripts, the options page and the popup.
 */
'use strict';

var NB_DEFAULT_SETTINGS = Object.freeze({
  pack: '',
  policyUrlBase: '',
  sites: Object.freeze([
    'facebook.com', 'messenger.com', 'x.com', 'twitter.com', 'linkedin.com', 'instagram.com',
    'threads.net', 'threads.com', 'reddit.com', 'tiktok.com', 'youtube.com', 'web.whatsapp.com',
    'web.telegram.org', 'pinterest.com', 'pinterest.co.uk', 'yammer.com', 'engage.cloud.microsoft',
  ]),
  disabledRules: Object.freeze([]),
  disabledCategories: Object.freeze([]),
  spelling: true,
  confirmBeforePost: false,
});

var NB_SETTING_KEYS = Object.keys(NB_DEFAULT_SETTINGS);

/* Keeps only known keys whose value has the default's type, so a bad policy value falls back to the
 * default instead of breaking the extension. */
function settings_clean(raw) {
  const clean = {};
  for (const key of NB_SETTING_KEYS) {
    if (!raw || !(key in raw)) continue;
    const value = raw[key], fallback = NB_DEFAULT_SETTINGS[key];
    if (Array.isArray(fallback)) {
      if (Array.isArray(value)) clean[key] = value.filter((v) => typeof v === 'string' && v.trim()).map((v) => v.trim());
    } else if (typeof value === typeof fallback) {
      clean[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
  return clean;
}

async function settings_read_managed() {
  try {
    return settings_clean(await nbApi.storage.managed.get(NB_SETTING_KEYS));
  } catch (e) {
    return {}; /* no policy installed: managed storage is simply absent */
  }
}

/* Resolves to {values, locked}: the effective settings and the keys IT has fixed. */
async function settings_load() {
  const managed = await settings_read_managed();
  const local = settings_clean(await nbApi.storage.local.get(NB_SETTING_KEYS));
  const values = Object.assign({}, NB_DEFAULT_SETTINGS, local, managed);
  return { values, locked: Object.keys(managed) };
}

/* Saves the user's choices, refusing keys IT has locked so the options page cannot shadow policy. */
async function settings_save(changes) {
  const { locked } = await settings_load();
  const allowed = settings_clean(changes);
  for (const key of locked) delete allowed[key];
  await nbApi.storage.local.set(allowed);
  return Object.keys(allowed);
}

/* True when `hostname` is one of `sites` or a subdomain of one. */
function settings_site_matches(sites, hostname) {
  const host = String(hostname || '').toLowerCase().replace(/\.$/, '');
  return sites.some((site) => {
    const s = site.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return s && (host === s || host.endsWith('.' + s));
  });
}
