/*
 * managed.js: runs the real extension under an IT policy, without touching noticeboard's own id.
 *
 * Chromium on Linux reads policy only from /etc/chromium/policies/managed/, for every profile on the
 * machine. So the test copies the build without its `key` (Chromium then derives the id from the
 * folder's path) and writes a policy file for that id alone, which it removes afterwards; any other
 * Chromium running noticeboard on the machine sees no change. Needs root.
 *
 * API: managed_setup(build, settings) -> {extension, id, cleanup()}, or null when not root.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');

const POLICY_DIR = '/etc/chromium/policies/managed';

/* An unpacked extension without a key gets the id Chromium derives from its absolute path. */
function managed_path_id(dir) {
  return crypto.createHash('sha256').update(dir).digest('hex').slice(0, 32)
    .replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
}

function managed_setup(build, settings) {
  if (process.getuid && process.getuid() !== 0) return null;
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-managed-')));
  const extension = path.join(scratch, 'extension');
  fs.cpSync(build, extension, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'manifest.json'), 'utf8'));
  delete manifest.key;
  fs.writeFileSync(path.join(extension, 'manifest.json'), JSON.stringify(manifest));
  const id = managed_path_id(extension);
  const created = [];
  for (let dir = POLICY_DIR; !fs.existsSync(dir); dir = path.dirname(dir)) created.push(dir);
  fs.mkdirSync(POLICY_DIR, { recursive: true });
  const policy = path.join(POLICY_DIR, `noticeboard-e2e-${id}.json`);
  fs.writeFileSync(policy, JSON.stringify({ '3rdparty': { extensions: { [id]: settings } } }));
  return {
    extension, id,
    cleanup: () => {
      fs.rmSync(policy, { force: true });
      for (const dir of created) fs.rmdirSync(dir);
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

module.exports = { managed_setup };
