// Checks the JSON policy examples against the extension's settings schema:
//   check-policy-types.js SCHEMA LINUX_MANAGED_JSON FIREFOX_POLICIES_JSON
//
// Chrome drops a whole extension policy when one value has the wrong type, and only chrome://policy
// shows why, so the deploy tests check every example value here: each is a setting the schema has,
// with the schema's type. Also checks that both files force-install the right extension id.
'use strict';
const fs = require('fs');

const [schemaFile, chromeFile, firefoxFile] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const schema = read(schemaFile);
const problems = [];

function typeOf(v) {
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

function checkSettings(where, values) {
  if (!values || typeof values !== 'object') return problems.push(`${where}: no settings object`);
  for (const [name, value] of Object.entries(values)) {
    const prop = schema.properties[name];
    if (!prop) problems.push(`${where}: "${name}" is not in the schema`);
    else if (typeOf(value) !== prop.type) problems.push(`${where}: "${name}" is ${typeOf(value)}, the schema says ${prop.type}`);
    else if (prop.type === 'array' && value.some((x) => typeOf(x) !== prop.items.type)) {
      problems.push(`${where}: "${name}" holds items that are not ${prop.items.type}`);
    }
  }
  if (Object.keys(values).length === 0) problems.push(`${where}: sets no settings`);
}

const chrome = read(chromeFile);
checkSettings(chromeFile, chrome['3rdparty'] && chrome['3rdparty'].extensions &&
  chrome['3rdparty'].extensions.bnalbfjhmnlchfmjgkalbiaphjodpaam);
if (!(chrome.ExtensionInstallForcelist || []).some((e) => e.startsWith('bnalbfjhmnlchfmjgkalbiaphjodpaam;https://'))) {
  problems.push(`${chromeFile}: ExtensionInstallForcelist does not name bnalbfjhmnlchfmjgkalbiaphjodpaam with an https update URL`);
}

const firefox = read(firefoxFile).policies || {};
checkSettings(firefoxFile, firefox['3rdparty'] && firefox['3rdparty'].Extensions &&
  firefox['3rdparty'].Extensions['noticeboard@noticeboard.org']);
const install = (firefox.ExtensionSettings || {})['noticeboard@noticeboard.org'] || {};
if (install.installation_mode !== 'force_installed' || !/^https:\/\//.test(install.install_url || '')) {
  problems.push(`${firefoxFile}: ExtensionSettings does not force-install noticeboard@noticeboard.org from an https URL`);
}

problems.forEach((p) => console.log(p));
process.exit(problems.length ? 1 : 0);
