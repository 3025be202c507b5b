#!/usr/bin/env node
// Writes every enterprise policy file from the extension's managed settings schema.
//
// IT configures the extension through different channels per platform: Group Policy (ADMX/ADML and
// .reg files) on Windows, a managed policy JSON on Linux, a configuration profile on macOS and
// policies.json for Firefox. All of them must name exactly the settings in
// extension/managed_schema.json with the right types, so they are generated from it rather than kept
// by hand: `make policy-templates` rewrites them, and the deploy tests regenerate into a scratch folder
// and fail when a committed file differs (the schema changed and the templates were not remade).
//
//   generate.js SCHEMA EXAMPLES OUT_DIR
//
// SCHEMA is the Chrome managed storage schema (an object of properties with title, description, type,
// enum, items). EXAMPLES (manifests/policy/examples.json) holds the sample values written into the
// example files and the placeholder addresses IT replaces. Output paths under OUT_DIR mirror manifests/.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const CHROME_ID = 'bnalbfjhmnlchfmjgkalbiaphjodpaam';
const FIREFOX_ID = 'noticeboard@noticeboard.org';
const BROWSERS = [
  { id: 'chrome', name: 'Google Chrome', policyKey: 'Software\\Policies\\Google\\Chrome',
    macDomain: 'com.google.Chrome' },
  { id: 'edge', name: 'Microsoft Edge', policyKey: 'Software\\Policies\\Microsoft\\Edge',
    macDomain: 'com.microsoft.Edge' },
];

function fail(message) {
  process.stderr.write(`generate.js: ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return fail(`${file}: ${err.message}`);
  }
}

// The settings, in schema order, each with the one kind the policy formats distinguish.
function schemaSettings(schema, file) {
  if (!schema || schema.type !== 'object' || typeof schema.properties !== 'object') {
    fail(`${file}: the top level must be {"type": "object", "properties": {...}}`);
  }
  return Object.entries(schema.properties).map(([name, prop]) => {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) fail(`${file}: setting name "${name}" cannot be a registry value name`);
    let kind;
    if (prop.type === 'boolean') kind = 'boolean';
    else if (prop.type === 'integer') kind = 'integer';
    else if (prop.type === 'string') kind = Array.isArray(prop.enum) ? 'enum' : 'string';
    else if (prop.type === 'array' && prop.items && prop.items.type === 'string') kind = 'list';
    else if (prop.type === 'object' || prop.type === 'array') kind = 'json';
    else fail(`${file}: setting "${name}" has type ${JSON.stringify(prop.type)}, which no policy format here can carry`);
    return { name, kind, title: prop.title || name, description: prop.description || '', enum: prop.enum || [],
             default: prop.default };
  });
}

// The settings the example files set, with their values: examples.json first, then the schema's default.
// A setting with neither is left out, because any value an example sets is locked for every user.
function exampleSettings(settings, examples) {
  return settings.flatMap((s) => {
    if (Object.prototype.hasOwnProperty.call(examples.values, s.name)) return [{ ...s, value: examples.values[s.name] }];
    return s.default === undefined ? [] : [{ ...s, value: s.default }];
  });
}

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;');

// Stable UUIDs, so regenerating a profile changes nothing unless its content does.
function stableUuid(seed) {
  const h = crypto.createHash('sha256').update(seed).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-A${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function admxElement(setting, browser) {
  const key = `${browser.policyKey}\\3rdparty\\extensions\\${CHROME_ID}\\policy`;
  switch (setting.kind) {
    case 'string': case 'json':
      return `<text id="${setting.name}" valueName="${setting.name}" maxLength="4096" />`;
    case 'integer':
      return `<decimal id="${setting.name}" valueName="${setting.name}" storeAsText="false" />`;
    case 'list':
      return `<list id="${setting.name}" key="${key}\\${setting.name}" valuePrefix="" />`;
    case 'enum':
      return [`<enum id="${setting.name}" valueName="${setting.name}" required="true">`,
        ...setting.enum.map((v) => `  <item displayName="$(string.${setting.name}_${v})"><value><string>${xmlEscape(v)}</string></value></item>`),
        '</enum>'].join('\n        ');
    default:
      return null;
  }
}

function admx(settings) {
  const policies = [];
  for (const browser of BROWSERS) {
    for (const s of settings) {
      const key = `${browser.policyKey}\\3rdparty\\extensions\\${CHROME_ID}\\policy`;
      const element = admxElement(s, browser);
      const head = `    <policy name="${browser.id}_${s.name}" class="Both" displayName="$(string.${s.name})" ` +
        `explainText="$(string.${s.name}_Explain)" key="${key}"` +
        (s.kind === 'boolean' ? ` valueName="${s.name}">` : ` presentation="$(presentation.${s.name})">`);
      policies.push([head,
        `      <parentCategory ref="${browser.id}" />`,
        `      <supportedOn ref="SUPPORTED_${browser.id.toUpperCase()}" />`,
        s.kind === 'boolean'
          ? '      <enabledValue><decimal value="1" /></enabledValue>\n      <disabledValue><decimal value="0" /></disabledValue>'
          : `      <elements>\n        ${element}\n      </elements>`,
        '    </policy>'].join('\n'));
    }
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<!--
  Group Policy template for the noticeboard extension's settings in Google Chrome and Microsoft Edge.
  Generated from extension/managed_schema.json by manifests/policy/generate.js (make policy-templates):
  edit the schema, not this file. Copy it to PolicyDefinitions (the central store on a domain) with
  en-US/noticeboard.adml beside it in en-US. Force-installing the extension is done with the browser's
  own templates (ExtensionInstallForcelist); see docs/deploy.md.
-->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="noticeboard" namespace="Noticeboard.Policies.Noticeboard" />
    <using prefix="windows" namespace="Microsoft.Policies.Windows" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
${BROWSERS.map((b) => `      <definition name="SUPPORTED_${b.id.toUpperCase()}" displayName="$(string.SUPPORTED_${b.id.toUpperCase()})" />`).join('\n')}
    </definitions>
  </supportedOn>
  <categories>
    <category name="noticeboard" displayName="$(string.noticeboard)" />
${BROWSERS.map((b) => `    <category name="${b.id}" displayName="$(string.category_${b.id})">
      <parentCategory ref="noticeboard" />
    </category>`).join('\n')}
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>
`;
}

function presentationControl(setting) {
  const label = xmlEscape(setting.title);
  switch (setting.kind) {
    case 'string': case 'json': return `<textBox refId="${setting.name}"><label>${label}</label></textBox>`;
    case 'integer': return `<decimalTextBox refId="${setting.name}">${label}</decimalTextBox>`;
    case 'list': return `<listBox refId="${setting.name}">${label}</listBox>`;
    case 'enum': return `<dropdownList refId="${setting.name}" noSort="true">${label}</dropdownList>`;
    default: return null;
  }
}

function explainText(setting) {
  const how = {
    boolean: `Enabled sets "${setting.name}" to true, Disabled to false.`,
    integer: `Sets "${setting.name}" to a whole number.`,
    string: `Sets "${setting.name}" to the text entered.`,
    enum: `Sets "${setting.name}" to the chosen value.`,
    list: `Sets "${setting.name}" to the list entered, one entry a line.`,
    json: `Sets "${setting.name}" to the JSON text entered.`,
  }[setting.kind];
  return `${setting.description}\n\n${how} Not configured leaves it to the user's own options page; ` +
    'a configured value overrides the user and cannot be changed in the extension.';
}

function adml(settings) {
  const strings = [
    ['noticeboard', 'noticeboard'],
    ...BROWSERS.map((b) => [`category_${b.id}`, b.name]),
    ...BROWSERS.map((b) => [`SUPPORTED_${b.id.toUpperCase()}`, `${b.name} with the noticeboard extension installed`]),
  ];
  for (const s of settings) {
    strings.push([s.name, s.title], [`${s.name}_Explain`, explainText(s)]);
    for (const v of s.enum) strings.push([`${s.name}_${v}`, v]);
  }
  const presentations = settings.filter((s) => s.kind !== 'boolean').map((s) =>
    `      <presentation id="${s.name}">\n        ${presentationControl(s)}\n      </presentation>`);
  return `<?xml version="1.0" encoding="utf-8"?>
<!--
  English text for noticeboard.admx. Generated from extension/managed_schema.json by
  manifests/policy/generate.js (make policy-templates): edit the schema, not this file.
-->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                           revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>noticeboard</displayName>
  <description>Settings for the noticeboard social media policy checker in Google Chrome and Microsoft Edge.</description>
  <resources>
    <stringTable>
${strings.map(([id, text]) => `      <string id="${id}">${xmlEscape(text)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}

// Registry files: regedit wants CRLF line ends and escaped backslashes and quotes in strings.
const regString = (s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const regFile = (lines) => `${['Windows Registry Editor Version 5.00', '', ...lines].join('\r\n')}\r\n`;

function regSettings(settings, examples, browser) {
  const key = `HKEY_LOCAL_MACHINE\\${browser.policyKey}\\3rdparty\\extensions\\${CHROME_ID}\\policy`;
  const values = [], subkeys = [];
  for (const s of exampleSettings(settings, examples)) {
    const v = s.value;
    if (s.kind === 'boolean') values.push(`"${s.name}"=dword:0000000${v ? 1 : 0}`);
    else if (s.kind === 'integer') values.push(`"${s.name}"=dword:${Number(v).toString(16).padStart(8, '0')}`);
    else if (s.kind === 'list') subkeys.push('', `[-${key}\\${s.name}]`, `[${key}\\${s.name}]`,
      ...v.map((item, i) => `"${i + 1}"=${regString(item)}`));
    else if (s.kind === 'json') values.push(`"${s.name}"=${regString(JSON.stringify(v))}`);
    else values.push(`"${s.name}"=${regString(v)}`);
  }
  return regFile([`; noticeboard settings for ${browser.name}, all users of this machine. Generated by`,
    '; manifests/policy/generate.js from extension/managed_schema.json; change the values, not the names.',
    `[${key}]`, ...values, ...subkeys]);
}

function regForcelist(examples, browser) {
  return regFile([`; Force-installs noticeboard in ${browser.name} for all users of this machine.`,
    '; Replace the update URL with the address of your updates.xml (or the store\'s, if installed from one).',
    '; If the machine already has ExtensionInstallForcelist entries, renumber "1" to the next free number.',
    `[HKEY_LOCAL_MACHINE\\${browser.policyKey}\\ExtensionInstallForcelist]`,
    `"1"=${regString(`${CHROME_ID};${examples.update_url}`)}`]);
}

function regExtensionSettings(examples, browser) {
  const value = { [CHROME_ID]: { installation_mode: 'force_installed', update_url: examples.update_url,
                                 toolbar_pin: 'force_pinned' } };
  return regFile([`; Force-installs and pins noticeboard in ${browser.name} through ExtensionSettings.`,
    '; ExtensionSettings is one JSON value: merge this entry into any you already set, do not add a second.',
    `[HKEY_LOCAL_MACHINE\\${browser.policyKey}]`,
    `"ExtensionSettings"=${regString(JSON.stringify(value))}`]);
}

function settingsObject(settings, examples) {
  return Object.fromEntries(exampleSettings(settings, examples).map((s) => [s.name, s.value]));
}

function chromeManaged(settings, examples) {
  return `${JSON.stringify({
    ExtensionInstallForcelist: [`${CHROME_ID};${examples.update_url}`],
    '3rdparty': { extensions: { [CHROME_ID]: settingsObject(settings, examples) } },
  }, null, 2)}\n`;
}

function firefoxSettings(examples) {
  return { [FIREFOX_ID]: { installation_mode: 'force_installed', install_url: examples.firefox_install_url } };
}

function firefoxPolicies(settings, examples) {
  return `${JSON.stringify({
    policies: {
      ExtensionSettings: firefoxSettings(examples),
      '3rdparty': { Extensions: { [FIREFOX_ID]: settingsObject(settings, examples) } },
    },
  }, null, 2)}\n`;
}

function plistValue(v, indent) {
  const pad = '  '.repeat(indent);
  if (typeof v === 'boolean') return `${pad}<${v} />`;
  if (typeof v === 'number') return `${pad}<integer>${v}</integer>`;
  if (typeof v === 'string') return `${pad}<string>${xmlEscape(v)}</string>`;
  if (Array.isArray(v)) return v.length === 0 ? `${pad}<array />`
    : [`${pad}<array>`, ...v.map((x) => plistValue(x, indent + 1)), `${pad}</array>`].join('\n');
  return [`${pad}<dict>`, ...Object.entries(v).flatMap(([k, x]) =>
    [`${pad}  <key>${xmlEscape(k)}</key>`, plistValue(x, indent + 1)]), `${pad}</dict>`].join('\n');
}

function payload(type, name, content) {
  return { PayloadType: type, PayloadVersion: 1, PayloadIdentifier: `org.noticeboard.profile.${type}`,
           PayloadUUID: stableUuid(type), PayloadEnabled: true, PayloadDisplayName: name, ...content };
}

function mobileconfig(settings, examples) {
  const values = settingsObject(settings, examples);
  const payloads = BROWSERS.flatMap((b) => [
    payload(b.macDomain, `${b.name}: install noticeboard`,
            { ExtensionInstallForcelist: [`${CHROME_ID};${examples.update_url}`] }),
    // Chrome and Edge on macOS read an extension's policy from its own preference domain, not 3rdparty.
    payload(`${b.macDomain}.extensions.${CHROME_ID}`, `${b.name}: noticeboard settings`, values),
  ]);
  payloads.push(payload('org.mozilla.firefox', 'Firefox: install and configure noticeboard', {
    EnterprisePoliciesEnabled: true,
    ExtensionSettings: firefoxSettings(examples),
    '3rdparty': { Extensions: { [FIREFOX_ID]: values } },
  }));
  const profile = {
    PayloadType: 'Configuration', PayloadVersion: 1, PayloadIdentifier: 'org.noticeboard.profile',
    PayloadUUID: stableUuid('org.noticeboard.profile'), PayloadScope: 'System',
    PayloadDisplayName: 'noticeboard', PayloadOrganization: examples.organisation,
    PayloadDescription: 'Installs and configures the noticeboard social media policy checker.',
    PayloadContent: payloads,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Generated by manifests/policy/generate.js from extension/managed_schema.json; edit the values only. -->
<plist version="1.0">
${plistValue(profile, 0)}
</plist>
`;
}

function updateManifest(examples) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Chrome/Edge update manifest for a self-hosted noticeboard.crx: publish it at the update URL the
     force-install policy names, with codebase pointing at the .crx and version matching it. -->
<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">
  <app appid="${CHROME_ID}">
    <updatecheck codebase="${xmlEscape(examples.crx_url)}" version="${xmlEscape(examples.version)}" />
  </app>
</gupdate>
`;
}

function main(argv) {
  if (argv.length !== 3) fail('usage: generate.js SCHEMA EXAMPLES OUT_DIR');
  const [schemaFile, examplesFile, outDir] = argv;
  const settings = schemaSettings(readJson(schemaFile), schemaFile);
  const examples = readJson(examplesFile);
  for (const name of Object.keys(examples.values || {})) {
    if (!settings.some((s) => s.name === name)) fail(`${examplesFile}: "${name}" is not a setting in ${schemaFile}`);
  }
  const files = {
    'windows/policy/noticeboard.admx': admx(settings),
    'windows/policy/en-US/noticeboard.adml': adml(settings),
    'policy/noticeboard-managed.json': chromeManaged(settings, examples),
    'policy/updates.xml': updateManifest(examples),
    'firefox/policies.json': firefoxPolicies(settings, examples),
    'macos/noticeboard.mobileconfig': mobileconfig(settings, examples),
  };
  for (const b of BROWSERS) {
    files[`windows/${b.id}-install.reg`] = regForcelist(examples, b);
    files[`windows/${b.id}-install-extensionsettings.reg`] = regExtensionSettings(examples, b);
    files[`windows/${b.id}-settings.reg`] = regSettings(settings, examples, b);
  }
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  process.stdout.write(`wrote ${Object.keys(files).length} policy files under ${outDir}\n`);
}

main(process.argv.slice(2));
