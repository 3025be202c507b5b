/*
 * options.js: loads the effective settings into the form, disables what IT has locked, and saves the
 * rest to local storage (settings.js refuses locked keys, so policy always wins).
 */
'use strict';

var NB_LIST_KEYS = ['sites', 'disabledRules', 'disabledCategories'];
var NB_FLAG_KEYS = ['spelling', 'confirmBeforePost'];

async function options_fill_packs(select, current) {
  const reply = await nbApi.runtime.sendMessage({ type: 'status' }).catch(() => null);
  const packs = reply && reply.ok && reply.state.hello ? reply.state.hello.packs || [] : [];
  for (const p of packs) select.add(new Option(`${p.name} (${p.id})`, p.id));
  if (current && ![...select.options].some((o) => o.value === current)) select.add(new Option(current, current));
  select.value = current;
}

async function options_load() {
  const { values, locked } = await settings_load();
  const form = document.getElementById('form');
  await options_fill_packs(form.pack, values.pack);
  form.policyUrlBase.value = values.policyUrlBase;
  for (const key of NB_LIST_KEYS) form[key].value = values[key].join('\n');
  for (const key of NB_FLAG_KEYS) form[key].checked = values[key];
  for (const key of locked) {
    form[key].disabled = true;
    document.querySelector(`.lock[data-for="${key}"]`).hidden = false;
  }
  document.getElementById('locked-note').hidden = !locked.length;
}

async function options_save(event) {
  event.preventDefault();
  const form = event.target;
  const changes = { pack: form.pack.value, policyUrlBase: form.policyUrlBase.value };
  for (const key of NB_LIST_KEYS) changes[key] = form[key].value.split('\n');
  for (const key of NB_FLAG_KEYS) changes[key] = form[key].checked;
  await settings_save(changes);
  document.getElementById('saved').textContent = 'Saved.';
}

document.getElementById('form').addEventListener('submit', options_save);
options_load();
