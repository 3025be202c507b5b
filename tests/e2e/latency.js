#!/usr/bin/env node
/*
 * latency.js: measures, on the Lexical test page, the time from the extension's debounce firing to
 * the underlines being painted (the content script stamps it on its overlay after a
 * requestAnimationFrame) for a 280-character post. A measurement for `make bench`, not a test: it
 * never fails on a number. Usage: latency.js OUT.json [SAMPLES]; writes {"samples","median_ms","p95_ms"}.
 */
'use strict';

const path = require('path');
const fs = require('fs');
const { server_start } = require('./lib/server');
const { browser_start } = require('./lib/browser');

const ROOT = path.resolve(__dirname, '../..');
const BUILD = path.join(ROOT, 'build');
const POST = ('Mrs Patel in bay 3 pulled her cannula out again, NHS number 943 476 5919. Long shift, ' +
  'anyone want to swap my night on Saturday for an early next week? Views are my own, not my employer. ' +
  'Off to the pub after work with the team from ward 7 for a well earned drink and a good catch up.').slice(0, 280);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function paint_time(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('noticeboard-overlay')?.dataset.checks || 0) > n, before, { timeout: 10000 });
  return page.evaluate(() => {
    const d = document.querySelector('noticeboard-overlay').dataset;
    return { checks: Number(d.checks), ms: Number(d.lastPaintMs) };
  });
}

async function main() {
  const out = process.argv[2] || path.join(BUILD, 'e2e-latency.json');
  const wanted = Number(process.argv[3] || 50);
  const server = await server_start(path.join(BUILD, 'e2e/pages'));
  const s = await browser_start({ extension: path.join(BUILD, 'extension/chrome'), host: process.env.NOTICEBOARD_HOST || path.join(BUILD, 'noticeboard-host') });
  try {
    await s.worker.evaluate(() => chrome.storage.local.set({ sites: ['127.0.0.1'] }));
    const page = await s.context.newPage();
    await page.goto(server.url + 'lexical.html');
    const field = page.locator('#editor');
    await field.click();
    await page.keyboard.insertText(POST);
    let last = await paint_time(page, 0);
    const samples = [];
    for (let i = 0; i < wanted; i++) {
      /* Alternate adding and removing a character, so every sample checks the full post afresh. */
      await page.keyboard.press(i % 2 ? 'Backspace' : 'Period');
      last = await paint_time(page, last.checks);
      samples.push(last.ms);
    }
    samples.sort((a, b) => a - b);
    const result = { samples: samples.length, post_chars: POST.length,
      median_ms: +percentile(samples, 0.5).toFixed(2), p95_ms: +percentile(samples, 0.95).toFixed(2) };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result) + '\n');
    console.log('e2e latency: ' + JSON.stringify(result));
  } finally {
    await s.close();
    await server.close();
  }
}

main().catch((e) => { console.error('e2e latency: ' + (e && e.stack || e)); process.exit(1); });
