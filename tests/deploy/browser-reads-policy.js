// Shows a real Chromium applies the Linux managed policy file to an extension's managed settings.
//
//   browser-reads-policy.js CHROMIUM POLICY_JSON SCHEMA
//
// Takes the extension settings from POLICY_JSON (manifests/policy/noticeboard-managed.json) and
// installs them in /etc/chromium/policies/managed/ for a throwaway extension id, never noticeboard's,
// so no other Chromium on the machine (the end-to-end tests) sees a changed noticeboard. A probe
// extension with that id and the real SCHEMA then reads chrome.storage.managed, which must hold exactly
// the file's values: Chromium drops values that do not fit the schema, so a type slip in the policy
// file shows up here. The policy file and any folder created for it are removed afterwards.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { probe_write, probe_launch } = require('./probe');

const NOTICEBOARD_ID = 'bnalbfjhmnlchfmjgkalbiaphjodpaam';
const POLICY_DIR = '/etc/chromium/policies/managed';

// A fresh key and the id Chromium derives from it: sha256 of the DER key, first 32 hex digits as a-p.
function throwawayIdentity() {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const id = crypto.createHash('sha256').update(der).digest('hex').slice(0, 32)
    .replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
  return { key: der.toString('base64'), id };
}

// Creates POLICY_DIR and returns the folders that did not exist before, deepest first.
function makePolicyDir() {
  const created = [];
  for (let dir = POLICY_DIR; !fs.existsSync(dir); dir = path.dirname(dir)) created.push(dir);
  fs.mkdirSync(POLICY_DIR, { recursive: true });
  return created;
}

async function readManaged(worker) {
  // Policy loads alongside the extension; give it a few seconds to arrive.
  for (let attempt = 0; attempt < 20; attempt++) {
    const managed = await worker.evaluate(() => chrome.storage.managed.get(null));
    if (Object.keys(managed).length > 0) return managed;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {};
}

async function main() {
  const [executablePath, policyFile, schemaFile] = process.argv.slice(2);
  const policy = JSON.parse(fs.readFileSync(policyFile, 'utf8'));
  const expected = policy['3rdparty'].extensions[NOTICEBOARD_ID];
  const { key, id } = throwawayIdentity();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-policy-probe-'));
  const created = makePolicyDir();
  const installed = path.join(POLICY_DIR, `noticeboard-deploy-test-${id}.json`);
  let context;
  try {
    fs.writeFileSync(installed, JSON.stringify({ '3rdparty': { extensions: { [id]: expected } } }));
    const extension = path.join(scratch, 'extension');
    probe_write(extension, { key, permissions: ['storage'], storage: { managed_schema: 'managed_schema.json' } });
    fs.copyFileSync(schemaFile, path.join(extension, 'managed_schema.json'));
    let worker;
    ({ context, worker } = await probe_launch(executablePath, extension, path.join(scratch, 'profile')));
    const managed = await readManaged(worker);
    const sorted = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
    console.log(JSON.stringify(managed));
    if (sorted(managed) !== sorted(expected)) {
      console.log(`expected ${JSON.stringify(expected)}`);
      process.exitCode = 1;
    }
  } finally {
    if (context) await context.close();
    fs.rmSync(installed, { force: true });
    created.forEach((dir) => fs.rmdirSync(dir));
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => { console.log(err.message); process.exit(1); });
