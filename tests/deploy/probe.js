// Launches headless Chromium with one probe extension, for the deploy tests' real-browser checks.
//
// browser-finds-host.js and browser-reads-policy.js each write a small extension and need it running
// in a fresh profile with its service worker at hand; this is the one place that knows how.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

// Writes an MV3 extension with an empty service worker into dir; fields are added to its manifest.
function probe_write(dir, fields) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'noticeboard deploy probe', version: '1.0',
    background: { service_worker: 'worker.js' }, ...fields,
  }));
  fs.writeFileSync(path.join(dir, 'worker.js'), '// Driven from the test through evaluate().\n');
}

// Starts Chromium on a new profile with only the extension in extensionDir; the caller closes the
// returned context. Resolves to { context, worker, id }.
async function probe_launch(executablePath, extensionDir, profileDir) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath, headless: true,
    args: ['--no-sandbox', `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 15000 });
    return { context, worker, id: new URL(worker.url()).host };
  } catch (err) {
    await context.close();
    throw err;
  }
}

module.exports = { probe_write, probe_launch };
