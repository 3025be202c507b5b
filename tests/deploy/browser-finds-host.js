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
const { probe_write, probe_launch } = require('./probe');

const EXTENSION_ID = 'bnalbfjhmnlchfmjgkalbiaphjodpaam';

function publicKey() {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/identity.md'), 'utf8');
  const match = doc.match(/```\s*\n(MII[A-Za-z0-9+/=]+)\s*\n```/);
  if (!match) throw new Error('docs/identity.md holds no public key block');
  return match[1];
}

async function askHello(worker) {
  return worker.evaluate(() => new Promise((resolve) => {
    chrome.runtime.sendNativeMessage('org.noticeboard.host', { type: 'hello', id: 1 }, (r) => {
      resolve(chrome.runtime.lastError ? { error: chrome.runtime.lastError.message } : r);
    });
  }));
}

async function main() {
  const executablePath = process.argv[2];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-probe-'));
  let context;
  try {
    const extension = path.join(scratch, 'extension');
    probe_write(extension, { key: publicKey(), permissions: ['nativeMessaging'] });
    let worker, id;
    ({ context, worker, id } = await probe_launch(executablePath, extension, path.join(scratch, 'profile')));
    if (id !== EXTENSION_ID) throw new Error(`the probe got id ${id}, not ${EXTENSION_ID}: the key in docs/identity.md is wrong`);
    const reply = await askHello(worker);
    console.log(JSON.stringify(reply));
    if (!reply || reply.type !== 'hello') process.exitCode = 1;
  } finally {
    if (context) await context.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => { console.log(err.message); process.exit(1); });
