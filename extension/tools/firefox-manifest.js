#!/usr/bin/env node
/*
 * firefox-manifest.js: writes the Firefox manifest from the Chrome one, so both builds come from one
 * source. Firefox runs the background as an event page (background.scripts) rather than a service
 * worker, identifies the add-on by browser_specific_settings instead of a key, and ignores Chrome-only
 * fields. Usage: firefox-manifest.js IN OUT (used by extension/extension.mk).
 */
'use strict';

const fs = require('fs');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: firefox-manifest.js CHROME_MANIFEST OUTPUT\n');
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(input, 'utf8'));
delete manifest.key;
delete manifest.minimum_chrome_version;
manifest.background = {
  scripts: ['common/api.js', 'common/settings.js', 'background/host-port.js', 'background/background.js'],
};
manifest.browser_specific_settings = {
  gecko: { id: 'noticeboard@noticeboard.org', strict_min_version: '128.0' },
};
fs.writeFileSync(output, JSON.stringify(manifest, null, 2) + '\n');
