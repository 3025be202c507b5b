#!/usr/bin/env node
/*
 * run.js: the end-to-end suite. Starts Debian's Chromium with the unpacked extension and the real
 * native host, serves the test pages (real Lexical, Draft.js, Quill, a textarea, a shadow-root
 * composer and an iframe) on 127.0.0.1, and types posts into them the way a person does.
 *
 * Usage: run.js [NAME...]  (runs only tests whose names contain a NAME). Prints one line per test
 * (ok, FAILED, or skip with why) and a closing "N passed, N failed"; exits 1 on any failure. Screenshots go to tests/e2e/artifacts/, and
 * those of Lexical and Draft.js with an open card also to $E2E_SCREENSHOTS when set.
 */
'use strict';

const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const { server_start } = require('./lib/server');
const { browser_start } = require('./lib/browser');
const { managed_setup } = require('./lib/managed');
const { content_world } = require('./lib/content-world');
const { EDITORS, composer_frame, composer_underlines, composer_text, composer_checks } = require('./lib/composer');

const ROOT = path.resolve(__dirname, '../..');
const BUILD = path.join(ROOT, 'build');
const ARTIFACTS = path.join(__dirname, 'artifacts');
/* The committed screenshots are refreshed only on request (make e2e-screenshots), so a test run never
 * dirties the working tree. */
const SCREENSHOTS = process.env.E2E_SCREENSHOTS || '';
const POST = 'Mrs Patel in bay 3 pulled her cannula out again, NHS number 943 476 5919';
const FLAGGED = ['943 476 5919', 'Mrs Patel'];
const CLEAN = 'Lovely sunny walk by the river after my shift today';
/* Where Chromium also finds hosts, for every profile; a machine with one installed cannot show "not installed". */
const SYSTEM_HOST_MANIFESTS = ['/etc/chromium/native-messaging-hosts/org.noticeboard.host.json',
  '/etc/opt/chrome/native-messaging-hosts/org.noticeboard.host.json'];

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function same_set(a, b) {
  return a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');
}

async function wait_for(fn, what, timeout = 10000) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > until) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function frame_offset(page, editor) {
  if (!editor.frame) return { x: 0, y: 0 };
  const box = await (await page.$(editor.frame)).boundingBox();
  return { x: box.x, y: box.y };
}

async function open_editor(s, editor) {
  const page = await s.context.newPage();
  await page.goto(s.url + editor.page);
  const frame = await composer_frame(page, editor);
  await frame.waitForSelector(editor.selector);
  await frame.waitForFunction(() => typeof window.editorText === 'function' || document.getElementById('editor'));
  const field = frame.locator(editor.selector);
  await field.click();
  return { page, frame, field };
}

async function error_texts(frame, editor) {
  return (await composer_underlines(frame, editor)).filter((u) => u.severity === 'error').map((u) => u.text);
}

async function wait_flagged(frame, editor, expected) {
  await wait_for(async () => same_set(await error_texts(frame, editor), expected),
    'underlines on ' + JSON.stringify(expected)).catch(async (e) => {
    throw new Error(e.message + '; saw ' + JSON.stringify(await composer_underlines(frame, editor)));
  });
}

/* Opens a composer, types the flagged post key by key, waits for its underlines, then runs fn. */
async function with_flagged_post(s, name, fn) {
  const editor = EDITORS.find((e) => e.name === name);
  const { page, frame, field } = await open_editor(s, editor);
  try {
    await field.pressSequentially(POST, { delay: 5 });
    await wait_flagged(frame, editor, FLAGGED);
    return await fn({ page, frame, field, editor });
  } finally {
    await page.close();
  }
}

/* A point on the underline of `text`, in page coordinates, read from where it is drawn now. */
async function underline_point(page, frame, editor, text) {
  const u = (await composer_underlines(frame, editor)).find((x) => x.text === text);
  assert(u, 'no underline on ' + text);
  const off = await frame_offset(page, editor);
  return { x: off.x + u.rect.x + 4, y: off.y + u.rect.y + u.rect.height / 2 };
}

/* Moves the mouse onto the underline of `text` and waits for its card. The underline's place is read
 * again on each try, so one that moved after it was first read (an editor re-rendering on a busy
 * machine) is still reached; the card must still show within the same five seconds. */
async function open_card(page, frame, editor, text) {
  const card = frame.locator('noticeboard-overlay .card');
  await wait_for(async () => {
    const at = await underline_point(page, frame, editor, text);
    await page.mouse.move(at.x, at.y);
    return card.isVisible();
  }, 'the card of ' + text, 5000);
  return card;
}

async function screenshot(page, name, publish) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name + '.png');
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 900, height: 330 } });
  if (publish && SCREENSHOTS) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(SCREENSHOTS, name + '.png'));
  }
}

/* The whole journey on one composer: warn, explain, keep out of the way, fix, undo, stay quiet. */
async function test_editor(s, name) {
  await with_flagged_post(s, name, async ({ page, frame, field, editor }) => {
    assert(await composer_text(frame) === POST, 'the editor text changed: ' + await composer_text(frame));
    await screenshot(page, editor.name + '-underlines', false);

    const card = await open_card(page, frame, editor, '943 476 5919');
    const cardText = await card.innerText();
    assert(/P1/.test(cardText) && /Read the policy section/.test(cardText), 'card lacks the section or link: ' + cardText);
    await screenshot(page, editor.name + '-card', /^(lexical-rich|draft-js)$/.test(editor.name));
    const [viewer] = await Promise.all([s.context.waitForEvent('page'), card.locator('a.link').click()]);
    await viewer.waitForSelector('section.current');
    const current = await viewer.locator('section.current h2').innerText();
    assert(/^P1 /.test(current), 'policy viewer opened at the wrong section: ' + current);
    await viewer.close();

    /* More typing lands at the caret and keeps everything the person wrote. */
    await page.mouse.move(1, 1);
    await field.focus();
    await page.keyboard.press(editor.rich ? 'Control+End' : 'End');
    await field.pressSequentially(' today', { delay: 5 });
    await wait_for(async () => await composer_text(frame) === POST + ' today', 'the typed text');
    await wait_flagged(frame, editor, FLAGGED);

    /* Undo undoes the person's typing, nothing of ours. */
    await page.keyboard.press('Control+z');
    const undone = await wait_for(async () => { const t = await composer_text(frame); return t !== POST + ' today' && t; }, 'undo');
    /* A space typed at the end of a line is a no-break space in the browser's editing, and Quill keeps
     * it so: when its history ends a step between " " and "today" (a pause over a second, on a busy
     * machine), undo leaves "… 5919\u00a0", which is still what the person typed. */
    assert((POST + ' today').startsWith(undone.replace(/\u00a0/g, ' ')),
      'undo produced text the person never typed: ' + JSON.stringify(undone));
    await page.keyboard.press('Control+y');
    if (await composer_text(frame) !== POST + ' today') {
      await page.keyboard.press('Control+Shift+z');
    }
    await wait_for(async () => await composer_text(frame) === POST + ' today', 'redo back to the full post');

    /* Applying a suggestion replaces exactly the flagged words, through the editor, and can be undone. */
    await wait_flagged(frame, editor, FLAGGED);
    const card2 = await open_card(page, frame, editor, '943 476 5919');
    await card2.locator('button.suggest', { hasText: '[NHS number]' }).click();
    const fixed = POST.replace('943 476 5919', '[NHS number]') + ' today';
    await wait_for(async () => await composer_text(frame) === fixed, 'the suggestion applied').catch(async (e) => {
      throw new Error(e.message + '; text is ' + JSON.stringify(await composer_text(frame)));
    });
    await wait_flagged(frame, editor, ['Mrs Patel']);
    await page.keyboard.press('Control+z');
    await wait_for(async () => await composer_text(frame) === POST + ' today', 'undo of the suggestion').catch(async (e) => {
      throw new Error(e.message + '; text is ' + JSON.stringify(await composer_text(frame)));
    });

    /* A clean post shows nothing at all. */
    await field.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await wait_for(async () => (await composer_text(frame)).trim() === '', 'the composer to empty');
    const before = await composer_checks(frame);
    await field.pressSequentially(CLEAN, { delay: 5 });
    await wait_for(async () => await composer_checks(frame) > before && await composer_text(frame) === CLEAN, 'the clean post to be checked');
    await page.waitForTimeout(400);
    const left = await composer_underlines(frame, editor);
    assert(left.length === 0, 'a clean post got underlines: ' + JSON.stringify(left));
    const badgeVisible = await frame.locator('noticeboard-overlay .badge:not([hidden])').count();
    assert(badgeVisible === 0, 'a clean post shows a badge');
  });
}

async function popup_status(s) {
  const popup = await s.context.newPage();
  await popup.goto(`chrome-extension://${s.extensionId}/popup/popup.html`);
  return popup;
}

/* The checker dies mid-post: typing carries on, the popup and badge say so, checking comes back. */
async function test_host_restart(s) {
  const popup = await popup_status(s);
  try {
    await with_flagged_post(s, 'lexical-plain', (ctx) => host_restart_while_typing(s, popup, ctx));
  } finally {
    s.hostDown(false);
    await popup.close();
  }
}

async function host_restart_while_typing(s, popup, { page, frame, field, editor }) {
  await wait_for(async () => /Working/.test(await popup.locator('#status').innerText()), 'popup to say working');
  const pack = await popup.locator('#pack').innerText();
  assert(/^Policy in use: .+/.test(pack) && await popup.locator('#pack').getAttribute('data-pack') === 'nhs', 'popup names no pack: ' + pack);
  const pid = s.hostPid();
  s.hostDown(true);
  process.kill(pid, 'SIGKILL');
  await wait_for(async () => /unavailable/i.test(await popup.locator('#status').innerText()), 'popup to say the checker is unavailable');
  const badge = await s.worker.evaluate(() => chrome.action.getBadgeText({}));
  assert(badge === '!', 'toolbar badge should warn, is ' + JSON.stringify(badge));
  await page.bringToFront();
  await field.focus();
  await page.keyboard.press('Control+End');
  await field.pressSequentially(' and 401 023 2137', { delay: 5 });
  await wait_for(async () => await composer_text(frame) === POST + ' and 401 023 2137', 'typing while the checker is down');
  s.hostDown(false);
  await wait_for(async () => /Working/.test(await popup.locator('#status').innerText()), 'popup to say working again', 20000);
  assert(s.hostPid() !== pid, 'the checker was not restarted');
  await wait_flagged(frame, editor, [...FLAGGED, '401 023 2137']);
}

/* Chrome stops an extension's service worker when it likes (idle, update, memory): the page's port to
 * the background drops with it, and the next check must open a new one and bring the checker back. A
 * port can also be closed without the page hearing of it (a page restored from the back/forward
 * cache); the next check must still get through. */
async function test_background_restart(s) {
  await with_flagged_post(s, 'lexical-plain', async ({ page, frame, field, editor }) => {
    const pid = s.hostPid();
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await wait_for(async () => { try { process.kill(pid, 0); return false; } catch (e) { return true; } }, 'the checker to exit with the background');
    await field.focus();
    await page.keyboard.press('Control+End');
    await field.pressSequentially(' and 401 023 2137', { delay: 5 });
    await wait_flagged(frame, editor, [...FLAGGED, '401 023 2137']);
    assert(s.hostPid() !== pid, 'the checker was not started again');
    await cdp.detach();
    const inContent = await content_world(page);
    await inContent('nbChannel.port.disconnect()');
    await field.pressSequentially(' or 450 557 7104', { delay: 5 });
    await wait_flagged(frame, editor, [...FLAGGED, '401 023 2137', '450 557 7104']);
  });
  /* Later tests talk to the background through the worker that runs now. */
  s.worker = await wait_for(async () => s.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${s.extensionId}/`)), 'the background to run again');
}

/* IT's confirm-before-post: asks before a post with errors goes, and only once for the same text. */
async function test_confirm_before_post(s) {
  await s.worker.evaluate(() => chrome.storage.local.set({ confirmBeforePost: true }));
  try {
    await with_flagged_post(s, 'textarea', async ({ page, frame }) => {
      const dialogs = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); (dialogs.length === 1 ? d.dismiss() : d.accept()); });
      await page.click('#post');
      assert(await page.evaluate(() => window.posted) === 0, 'the post went out although the person cancelled');
      await page.click('#post');
      assert(await page.evaluate(() => window.posted) === 1, 'the post did not go out after confirming');
      await page.click('#post');
      assert(dialogs.length === 2 && await page.evaluate(() => window.posted) === 2, 'asked again for a confirmed post');
      assert(await composer_text(frame) === POST, 'the post text changed');
    });
  } finally {
    await s.worker.evaluate(() => chrome.storage.local.remove('confirmBeforePost'));
  }
}

/* The same card by keyboard alone: the caret inside a warning shows it, Alt+Enter reaches its controls,
 * and a suggestion applies from the keyboard; screen readers hear about new warnings. */
async function test_keyboard(s) {
  await with_flagged_post(s, 'lexical-plain', async ({ page, frame, field, editor }) => {
    const live = frame.locator('noticeboard-overlay [role="status"]');
    await wait_for(async () => /warnings? in this post/.test(await live.textContent()), 'the live region to announce');
    await page.keyboard.press('Home');
    const card = frame.locator('noticeboard-overlay .card');
    await card.waitFor({ state: 'visible', timeout: 5000 });
    assert(/names someone/.test(await card.innerText()), 'the caret card is not about the name');
    await page.keyboard.press('Alt+Enter');
    await page.keyboard.press('Tab');
    const focused = await frame.evaluate(() => document.querySelector('noticeboard-overlay').shadowRoot.activeElement?.textContent);
    assert(focused === '[patient]', 'Tab did not reach the suggestion, focus is on ' + focused);
    await page.keyboard.press('Enter');
    await wait_for(async () => await composer_text(frame) === POST.replace('Mrs Patel', '[patient]'), 'the keyboard suggestion');
    await wait_flagged(frame, editor, ['943 476 5919']);
  });
}

/* Spelling: the card asks the host for suggestions when it opens, and picking one fixes the word. */
async function test_spelling(s) {
  const editor = EDITORS.find((e) => e.name === 'quill');
  const { page, frame, field } = await open_editor(s, editor);
  const text = 'Looking forward to the weekend, I will recieve the new rota soon';
  try {
    await field.pressSequentially(text, { delay: 2 });
    await wait_for(async () => (await composer_underlines(frame, editor)).some((u) => u.text === 'recieve'), 'a spelling underline');
    const card = await open_card(page, frame, editor, 'recieve');
    const fix = card.locator('button.suggest', { hasText: /^receive$/ });
    await fix.waitFor({ timeout: 5000 });
    assert(!/Read the policy section/.test(await card.innerText()), 'a spelling card points at a policy section');
    await fix.click();
    await wait_for(async () => await composer_text(frame) === text.replace('recieve', 'receive'), 'the spelling fix');
  } finally {
    await page.close();
  }
}

/* On a machine without the checker, typing works, nothing is drawn, and the popup says to contact IT. */
async function test_not_installed(s) {
  const system = SYSTEM_HOST_MANIFESTS.find((f) => fs.existsSync(f));
  if (system) return 'skipped: the checker is registered for the whole machine (' + system + ')';
  const bare = await browser_start({ extension: path.join(BUILD, 'extension/chrome'), host: null });
  try {
    await bare.worker.evaluate(() => chrome.storage.local.set({ sites: ['127.0.0.1'] }));
    bare.url = s.url;
    const editor = EDITORS.find((e) => e.name === 'textarea');
    const { page, frame, field } = await open_editor(bare, editor);
    await field.pressSequentially(POST, { delay: 2 });
    assert(await composer_text(frame) === POST, 'typing was disturbed without a checker');
    const popup = await popup_status(bare);
    await wait_for(async () => /not installed - contact IT/.test(await popup.locator('#status').innerText()), 'popup to say not installed');
    await page.waitForTimeout(500);
    assert((await composer_underlines(frame, editor)).length === 0, 'underlines without a checker');
  } finally {
    await bare.close();
  }
}

/* Underlines follow the words when the editor re-renders them (bold in Lexical rich text replaces the
 * text nodes) and when a textarea is resized and its text re-wraps. */
async function test_follow(s) {
  await with_flagged_post(s, 'lexical-rich', async ({ page, frame, field, editor }) => {
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    /* Lexical takes the selection from selectionchange, which may lag a busy machine. */
    await wait_for(async () => await frame.evaluate(() => getSelection().toString()) === POST, 'the whole line selected');
    await page.waitForTimeout(100);
    await page.keyboard.press('Control+b');
    await frame.waitForSelector('#editor strong, #editor b, #editor .editor-text-bold, #editor [style*="bold"]');
    await wait_flagged(frame, editor, FLAGGED);
    assert(await composer_text(frame) === POST, 'bold changed the text');
  });
  await with_flagged_post(s, 'textarea', async ({ page, frame, editor }) => {
    const number = async () => (await composer_underlines(frame, editor)).find((u) => u.text === '943 476 5919').rect;
    const wide = await number();
    await page.evaluate(() => { document.getElementById('editor').style.width = '260px'; });
    const narrow = await wait_for(async () => { const r = await number(); return r.y > wide.y + 10 && r; }, 'the underline to follow the re-wrapped words');
    assert(Math.abs(narrow.width - wide.width) < 2, 'the underline changed length when the text wrapped');
  });
}

/* A card stays open while the pointer is on its warning: after the pointer leaves and comes back
 * before the card's short grace ends, and when the caret that opened it moves away. */
async function test_hover(s) {
  await with_flagged_post(s, 'textarea', async ({ page, frame, editor }) => {
    const card = await open_card(page, frame, editor, '943 476 5919');
    const on = await underline_point(page, frame, editor, '943 476 5919');
    await page.mouse.move(1, 1);
    await page.waitForTimeout(100);
    await page.mouse.move(on.x, on.y);
    await page.waitForTimeout(700);
    assert(await card.isVisible(), 'the card closed with the pointer back on its warning');

    /* The caret at the end of the post is in the number, so the card is the caret's; the pointer rests
     * on the number; the caret then leaves for a word with no warning. */
    await page.mouse.move(1, 1);
    await wait_for(async () => !(await card.isVisible()), 'the card to close once the pointer left');
    await page.keyboard.press('End');
    await card.waitFor({ state: 'visible', timeout: 5000 });
    await page.mouse.move(on.x, on.y);
    await page.waitForTimeout(100);
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(300);
    assert(await card.locator('button.suggest', { hasText: '[NHS number]' }).isVisible(),
      'the card under the pointer closed when the caret moved away');
  });
}

/* "Ignore" silences one warning for this post only: it stays away through later checks. */
async function test_ignore(s) {
  await with_flagged_post(s, 'textarea', async ({ page, frame, field, editor }) => {
    const card = await open_card(page, frame, editor, '943 476 5919');
    await card.locator('button.ignore').click();
    await wait_flagged(frame, editor, ['Mrs Patel']);
    const before = await composer_checks(frame);
    await field.press('End');
    await field.pressSequentially(' thanks', { delay: 5 });
    await wait_for(async () => await composer_checks(frame) > before, 'a check after more typing');
    await wait_flagged(frame, editor, ['Mrs Patel']);
  });
}

/* The options page saves the person's choices and the composers follow them at once. */
async function test_options(s) {
  const options = await s.context.newPage();
  try {
    await options.goto(`chrome-extension://${s.extensionId}/options/options.html`);
    await wait_for(async () => (await options.locator('#sites').inputValue()).includes('127.0.0.1'), 'the options to load');
    await options.fill('#disabledCategories', 'patient-discussion\npatient-identifiable');
    await options.click('button[type="submit"]');
    await options.locator('#saved', { hasText: 'Saved' }).waitFor();
    const stored = await s.worker.evaluate(() => chrome.storage.local.get('disabledCategories'));
    assert(same_set(stored.disabledCategories, ['patient-discussion', 'patient-identifiable']), 'options saved ' + JSON.stringify(stored));
    const editor = EDITORS.find((e) => e.name === 'textarea');
    const { page, frame, field } = await open_editor(s, editor);
    try {
      await field.pressSequentially(POST, { delay: 2 });
      const typed = await composer_checks(frame); /* the last key's check is still in its debounce */
      await wait_for(async () => await composer_checks(frame) > typed, 'the whole post to be checked');
      const left = await composer_underlines(frame, editor);
      assert(left.length === 0, 'disabled categories still underlined: ' + JSON.stringify(left));
    } finally {
      await page.close();
    }
  } finally {
    await s.worker.evaluate(() => chrome.storage.local.remove('disabledCategories'));
    await options.close();
  }
}

/* With IT's policy address set, "Read the policy section" opens that page at the warning's section. */
async function test_policy_url(s) {
  await s.worker.evaluate((base) => chrome.storage.local.set({ policyUrlBase: base }), s.url + 'textarea.html?intranet={pack}/{section}');
  try {
    await with_flagged_post(s, 'textarea', async ({ page, frame, editor }) => {
      const card = await open_card(page, frame, editor, '943 476 5919');
      const [tab] = await Promise.all([s.context.waitForEvent('page'), card.locator('a.link').click()]);
      await tab.waitForLoadState();
      assert(tab.url() === s.url + 'textarea.html?intranet=nhs/P1', 'opened ' + tab.url());
      await tab.close();
    });
  } finally {
    await s.worker.evaluate(() => chrome.storage.local.remove('policyUrlBase'));
  }
}

/* IT's policy wins: the options page shows locked settings as locked, the person cannot override them,
 * and the composers follow the policy (sites) even when local storage says otherwise. */
async function test_managed(s) {
  const setup = managed_setup(path.join(BUILD, 'extension/chrome'), { sites: ['127.0.0.1'], spelling: false });
  if (!setup) return 'skipped: writing a Chromium policy needs root';
  let it = null;
  try {
    it = await browser_start({ extension: setup.extension, host: path.join(BUILD, 'noticeboard-host'), id: setup.id });
    it.url = s.url;
    await wait_for(async () => (await it.worker.evaluate(() => chrome.storage.managed.get(null))).sites, 'the policy to load');
    await it.worker.evaluate(() => chrome.storage.local.set({ sites: ['example.org'], spelling: true }));
    const options = await it.context.newPage();
    await options.goto(`chrome-extension://${setup.id}/options/options.html`);
    await wait_for(async () => (await options.locator('#sites').inputValue()) === '127.0.0.1', 'the options to show the policy');
    assert(await options.locator('#sites').isDisabled() && await options.locator('#spelling').isDisabled(), 'locked settings are editable');
    assert(!await options.locator('#spelling').isChecked(), 'spelling shows the user value, not the policy');
    assert(await options.locator('.lock[data-for="sites"]').isVisible() && await options.locator('#locked-note').isVisible(), 'no lock shown');
    assert(!await options.locator('#pack').isDisabled(), 'an unmanaged setting is locked');
    await options.close();
    const editor = EDITORS.find((e) => e.name === 'textarea');
    const { page, frame, field } = await open_editor(it, editor);
    await field.pressSequentially(POST + ' recieve', { delay: 2 });
    const typed = await composer_checks(frame); /* the last key's check is still in its debounce */
    await wait_for(async () => await composer_checks(frame) > typed, 'the whole post to be checked');
    await wait_flagged(frame, editor, FLAGGED);
    const spelling = (await composer_underlines(frame, editor)).filter((u) => u.text === 'recieve');
    assert(spelling.length === 0, 'spelling is underlined although the policy turns it off');
  } finally {
    if (it) await it.close();
    setup.cleanup();
  }
}

/* addons-linter finds no errors in the Firefox build. */
async function test_addons_linter() {
  const bin = path.join(__dirname, 'node_modules/.bin/addons-linter');
  const r = spawnSync(bin, ['--output', 'json', path.join(BUILD, 'extension/firefox')], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout);
  assert(report.errors.length === 0, 'addons-linter errors: ' + report.errors.map((e) => e.code + ' ' + e.message).join('; '));
}

/* The message, and for a Playwright timeout the step it was waiting on and the last thing it saw of
 * the element (missing, hidden, moving, covered), so a failure on CI says why; E2E_VERBOSE=1 shows the
 * whole log. */
function failure_lines(e) {
  const lines = String(e && e.message || e).split('\n');
  if (process.env.E2E_VERBOSE) return lines.slice(0, 40);
  const waiting = lines.filter((l) => /waiting for (locator|selector)/.test(l)).slice(0, 1).map((l) => l.trim());
  const seen = [...new Set(lines.filter((l) => /element is not|not stable|detached|intercepts pointer events|resolved to/.test(l))
    .map((l) => l.trim()))].slice(-2);
  return [lines[0], ...waiting, ...seen];
}

async function main() {
  const only = process.argv.slice(2);
  const tests = [
    ['addons-linter: firefox build has no errors', (s) => test_addons_linter(s), false],
    ...EDITORS.map((e) => [`editor ${e.name}: warns, explains, fixes, undoes, stays quiet`, (s) => test_editor(s, e.name), true]),
    ['host killed mid-session: page keeps working, popup says so, checking resumes', test_host_restart, true],
    ['background restarted: the page reconnects, checking resumes', test_background_restart, true],
    ['underlines follow re-rendering and resizing', test_follow, true],
    ['keyboard: caret opens the card, Alt+Enter and Tab reach a suggestion', test_keyboard, true],
    ['spelling: suggestions come from the host when the card opens', test_spelling, true],
    ['hover: a card stays open while the pointer is on its warning', test_hover, true],
    ['ignore: one warning stays away for this post', test_ignore, true],
    ['options page: saved choices apply to composers', test_options, true],
    ['policy url base: the card links to IT\'s page at the section', test_policy_url, true],
    ['confirm before post (IT option)', test_confirm_before_post, true],
    ['managed policy: locked in the options page, wins over the person\'s settings', test_managed, true],
    ['checker not installed: typing works, popup says contact IT', test_not_installed, true],
  ].filter(([name]) => !only.length || only.some((o) => name.includes(o)));
  const host = process.env.NOTICEBOARD_HOST || path.join(BUILD, 'noticeboard-host');
  let s = null, server = null, passed = 0, failed = 0;
  try {
    for (const [name, fn, needsBrowser] of tests) {
      try {
        if (needsBrowser && !s) {
          server = await server_start(path.join(BUILD, 'e2e/pages'));
          s = await browser_start({ extension: path.join(BUILD, 'extension/chrome'), host });
          s.url = server.url;
          await s.worker.evaluate(() => chrome.storage.local.set({ sites: ['127.0.0.1'] }));
        }
        const skipped = await fn(s);
        if (skipped) { console.log('skip   ' + name + ' (' + skipped + ')'); continue; }
        passed++;
        console.log('ok     ' + name);
      } catch (e) {
        failed++;
        console.log('FAILED ' + name + '\n       ' + failure_lines(e).join('\n       '));
      }
    }
  } finally {
    if (s) await s.close();
    if (server) await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log('e2e: ' + (e && e.stack || e)); console.log('0 passed, 1 failed'); process.exit(1); });
