/*
 * browser.js: starts Debian's Chromium headless with the unpacked extension and the real native host
 * registered for a throwaway profile.
 *
 * The profile's host manifest points at a small wrapper script that records the host's pid and then
 * execs the real build/noticeboard-host, so tests can kill the checker; while a "down" file exists
 * the wrapper exits at once, which is how a crashed or missing checker looks to the browser.
 *
 * API: browser_start({extension, host, id}) -> Promise<session> (host null: none registered; id: the
 *      id the build must load as, noticeboard's pinned one by default); session: {context, worker,
 *      extensionId, hostPid(), hostDown(bool), close()}.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const EXTENSION_ID = 'bnalbfjhmnlchfmjgkalbiaphjodpaam'; /* docs/identity.md */

function browser_register_host(profile, host, id) {
  const dir = path.join(profile, 'NativeMessagingHosts');
  fs.mkdirSync(dir, { recursive: true });
  const wrapper = path.join(profile, 'host-wrapper.sh');
  const pidFile = path.join(profile, 'host.pid'), downFile = path.join(profile, 'host.down');
  fs.writeFileSync(wrapper, `#!/bin/sh
# Test wrapper: record the pid, then become the real host (or fail at once while "down").
[ -e '${downFile}' ] && exit 3
echo $$ > '${pidFile}'
exec '${host}' "$@"
`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'org.noticeboard.host.json'), JSON.stringify({
    name: 'org.noticeboard.host', description: 'noticeboard checker (test profile)', path: wrapper,
    type: 'stdio', allowed_origins: [`chrome-extension://${id}/`],
  }));
  return { pidFile, downFile };
}

async function browser_start({ extension, host, id = EXTENSION_ID }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-e2e-'));
  /* Without a host, the profile looks like a machine where IT has not installed the checker. */
  const files = host ? browser_register_host(profile, host, id) : null;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 900, height: 640 },
    args: ['--no-sandbox', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`,
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(worker.url()).host;
  if (extensionId !== id) {
    await context.close();
    throw new Error(`the extension loaded as ${extensionId}, not ${id}: check the key in manifest.json`);
  }
  return {
    context, worker, extensionId, profile,
    hostPid: () => Number(fs.readFileSync(files.pidFile, 'utf8').trim()),
    hostDown: (down) => (down ? fs.writeFileSync(files.downFile, '') : fs.rmSync(files.downFile, { force: true })),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

module.exports = { browser_start, EXTENSION_ID };
