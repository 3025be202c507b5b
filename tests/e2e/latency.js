#!/usr/bin/env node
/*
 * latency.js: measures, on the Lexical test page, the time from the extension's debounce firing to
 * the underlines being painted (the content script stamps it on its overlay in the first animation
 * frame after drawing) for a 280-character post. A measurement for `make bench`, not a test: it never
 * fails on a number.
 *
 * How the driver waits matters as much as what it waits for. It learns that a sample is done from a
 * MutationObserver on the overlay's counter, not by polling in animation frames: polling would keep
 * the page producing a frame every 16.7 ms, so every underline would wait for the next one, which is
 * not how a composer sits while someone pauses. Each key press (and each baseline) also waits a
 * random fraction of a frame first, as a person's keys are not in step with the screen. The same edits
 * are then measured again on the page with an animation of its own running (a requestAnimationFrame
 * loop, as a feed with something moving), where the wait for the next frame is part of every sample.
 *
 * The overlay also says when the reply arrived and when the underlines were set, so the report splits
 * the time into the round trip, the drawing and the wait for a frame. Interleaved with the edits (one
 * after every fourth edit on the still page, every second while animating), two baselines run in the
 * content script's own world (reached over the DevTools protocol), each started by a timer as long as
 * the debounce: the next frame with no work at all, and an empty request over the same port to the
 * background and back followed by the next frame. They show which part of a figure is the browser's
 * frame clock and the machine's message passing rather than the extension's work.
 *
 * Usage: latency.js OUT.json [SAMPLES]  (default 200 on the still page, a quarter as many animating).
 * Writes {samples, median_ms, p95_ms, stages, baselines, animating}; median_ms and p95_ms are debounce
 * to painted on the still page.
 */
'use strict';

const path = require('path');
const fs = require('fs');
const { server_start } = require('./lib/server');
const { browser_start } = require('./lib/browser');
const { content_world } = require('./lib/content-world');

const ROOT = path.resolve(__dirname, '../..');
const BUILD = path.join(ROOT, 'build');
const POST = ('Mrs Patel in bay 3 pulled her cannula out again, NHS number 943 476 5919. Long shift, ' +
  'anyone want to swap my night on Saturday for an early next week? Views are my own, not my employer. ' +
  'Off to the pub after work with the team from ward 7 for a well earned drink and a good catch up.').slice(0, 280);
const FRAME_MS = 1000 / 60;

/* Run inside the content script's world: a timer as long as the debounce, then either nothing or an
 * empty request to the background, then the next frame. Resolves with milliseconds from the timer. */
const BASELINE = (withRoundTrip) => `new Promise((resolve) => setTimeout(async () => {
  const started = performance.now();
  if (${withRoundTrip}) await channel_request({ type: 'status' });
  requestAnimationFrame(() => resolve(performance.now() - started));
}, NB_DEBOUNCE_MS))`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function summary(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { samples: sorted.length, median_ms: +percentile(sorted, 0.5).toFixed(2),
    p95_ms: +percentile(sorted, 0.95).toFixed(2), max_ms: +sorted[sorted.length - 1].toFixed(2) };
}

/* Waits a random fraction of a frame. The driver hears of each sample inside an animation frame, so
 * without this every key press and baseline would start at the same point of the frame cycle. */
function out_of_step() {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * FRAME_MS));
}

/* Resolves with the overlay's figures once it has counted more than `before` checks. */
function sample_wait(page, before) {
  return page.evaluate((n) => new Promise((resolve) => {
    const overlay = document.querySelector('noticeboard-overlay');
    const read = () => {
      const d = overlay.dataset;
      if (!(Number(d.checks) > n)) return false;
      resolve({ checks: Number(d.checks), reply: Number(d.lastReplyMs), drawn: Number(d.lastDrawnMs), painted: Number(d.lastPaintMs) });
      return true;
    };
    if (read()) return;
    const watch = new MutationObserver(() => { if (read()) watch.disconnect(); });
    watch.observe(overlay, { attributes: true, attributeFilter: ['data-checks'] });
  }), before);
}

/* `count` one-character edits, alternately adding and removing a character so every sample checks the
 * full post afresh; after every `every`-th edit one of the two baselines, in turn. */
async function measure(page, inContent, count, every, last) {
  const stages = { reply: [], drawn: [], painted: [] }, frame = [], roundTrip = [];
  for (let i = 0; i < count; i++) {
    await out_of_step();
    await page.keyboard.press(i % 2 ? 'Backspace' : 'Period');
    last = await sample_wait(page, last.checks);
    for (const k of Object.keys(stages)) stages[k].push(last[k]);
    if (i % every !== every - 1) continue;
    const withRoundTrip = i % (2 * every) === 2 * every - 1;
    await out_of_step();
    (withRoundTrip ? roundTrip : frame).push(await inContent(BASELINE(withRoundTrip)));
  }
  const painted = summary(stages.painted);
  return {
    last, result: {
      samples: count, median_ms: painted.median_ms, p95_ms: painted.p95_ms,
      stages: { reply: summary(stages.reply), drawn: summary(stages.drawn), painted },
      baselines: { next_frame: summary(frame), empty_round_trip_then_frame: summary(roundTrip) },
    },
  };
}

async function main() {
  const out = process.argv[2] || path.join(BUILD, 'e2e-latency.json');
  const wanted = Number(process.argv[3] || 200);
  const server = await server_start(path.join(BUILD, 'e2e/pages'));
  const s = await browser_start({ extension: path.join(BUILD, 'extension/chrome'), host: process.env.NOTICEBOARD_HOST || path.join(BUILD, 'noticeboard-host') });
  try {
    await s.worker.evaluate(() => chrome.storage.local.set({ sites: ['127.0.0.1'] }));
    const page = await s.context.newPage();
    await page.goto(server.url + 'lexical.html');
    await page.locator('#editor').click();
    await page.keyboard.insertText(POST);
    await page.waitForFunction(() => Number(document.querySelector('noticeboard-overlay')?.dataset.checks || 0) > 0, null, { timeout: 10000 });
    const inContent = await content_world(page);
    const checks = await page.evaluate(() => Number(document.querySelector('noticeboard-overlay').dataset.checks));
    const still = await measure(page, inContent, wanted, 4, { checks });
    await page.evaluate(() => { const spin = () => requestAnimationFrame(spin); spin(); });
    const animating = await measure(page, inContent, Math.max(4, Math.round(wanted / 4)), 2, still.last);
    const result = Object.assign({ post_chars: POST.length }, still.result, { animating: animating.result });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result) + '\n');
    console.log('e2e latency: ' + JSON.stringify(result));
  } finally {
    await s.close();
    await server.close();
  }
}

main().catch((e) => { console.error('e2e latency: ' + (e && e.stack || e)); process.exit(1); });
