// Shows a real Chromium finds the host through its system-wide manifest, as installed by the package.
//
//   browser-finds-host.js CHROMIUM
//
// Loads a minimal extension carrying noticeboard's public key (from docs/identity.md), so Chromium
// gives it noticeboard's id, into a fresh profile that has no per-user manifests; the only way its
// sendNativeMessage can reach org.noticeboard.host is the system folder the package filled. Prints the
// host's hello reply; exits 1 with Chromium's error when it is not found or not allowed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const EXTENSION_ID = 'bnalbfjhmnlchfmjgkalbiaphjodpaam';

function publicKey() {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/identity.md'), 'utf8');
  const match = doc.match(/```\s*\n(MII[A-Za-z0-9+/=]+)\s*\n```/);
  if (!match) throw new Error('docs/identity.md holds no public key block');
  return match[1];
}

function writeExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'noticeboard deploy probe', version: '1.0', key: publicKey(),
    permissions: ['nativeMessaging'], background: { service_worker: 'worker.js' },
  }));
  fs.writeFileSync(path.join(dir, 'worker.js'), '// Driven from the test through evaluate().\n');
}

async function main() {
  const executablePath = process.argv[2];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-probe-'));
  const extension = path.join(scratch, 'extension');
  writeExtension(extension);
  const context = await chromium.launchPersistentContext(path.join(scratch, 'profile'), {
    executablePath, headless: true,
    args: ['--no-sandbox', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 15000 });
    const id = new URL(worker.url()).host;
    if (id !== EXTENSION_ID) throw new Error(`the probe got id ${id}, not ${EXTENSION_ID}: the key in docs/identity.md is wrong`);
    const reply = await worker.evaluate(() => new Promise((resolve) => {
      chrome.runtime.sendNativeMessage('org.noticeboard.host', { type: 'hello', id: 1 }, (r) => {
        resolve(chrome.runtime.lastError ? { error: chrome.runtime.lastError.message } : r);
      });
    }));
    console.log(JSON.stringify(reply));
    if (!reply || reply.type !== 'hello') process.exitCode = 1;
  } finally {
    await context.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => { console.log(err.message); process.exit(1); });
