#!/usr/bin/env node
// The host reads the word model as train.js does: same words, pairs and first letters, same weights.
//
// train.js fits the model on the features it computes and the host scores posts with the features
// it computes (host/model.c); if the two ever differ, the model is scored on features it was not
// trained on and nothing else would fail, only the figures would drop. So for every twentieth
// development post of up to one window (100 words), this computes each category's probability from
// packs/model/model.json with train.js's own features_of and probability, and checks it against the
// real host's warnings with the default pack: where the host gives a model rule's warning the
// probability reaches that rule's threshold, and where it reaches it the host warns in that category
// (the model's warning may have merged into a phrase rule's on the same words). A decision within
// 0.001 of a threshold is left out, since the host adds in single precision.
//
// Usage: node tests/eval/modelagree.js [--host PATH]. Prints one line per post that disagrees and
// "modelagree: N passed, N failed", a post passing when every one of its decisions agrees.

'use strict';

const fs = require('fs');
const path = require('path');
const { host_check_texts, host_words_texts } = require('./host');
const { features_of, probability } = require('../../packs/model/train');

const ROOT = path.join(__dirname, '../..');
const EVERY = 20;
const WINDOW = 100;
const CLOSE = 0.001;

// The model file as the host reads it: thousandths, one Map of weights per output.
function model_read(file) {
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  const models = m.outputs.map((_, o) => ({ bias: m.bias[o] / 1000, w: new Map() }));
  for (const line of m.weights) {
    const eq = line.lastIndexOf('=');
    for (const pair of line.slice(eq + 1).split(' ')) {
      const [output, milli] = pair.split(':').map(Number);
      models[output].w.set(line.slice(0, eq), milli / 1000);
    }
  }
  return { outputs: m.outputs, models };
}

// The default pack's model rules: id, category and threshold.
function model_rules(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8')).rules
    .filter((r) => r.match && r.match.model)
    .map((r) => ({ id: r.id, category: r.match.model, above: r.match.percent / 100 }));
}

function main() {
  const i = process.argv.indexOf('--host');
  const host = i > 0 ? process.argv[i + 1] : path.join(ROOT, 'build/noticeboard-host');
  const { outputs, models } = model_read(path.join(ROOT, 'packs/model/model.json'));
  const rules = model_rules(path.join(ROOT, 'packs/nhs.json'));
  const posts = fs.readFileSync(path.join(ROOT, 'tests/corpus/development.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((_, n) => n % EVERY === 0);
  const words = host_words_texts(host, posts.map((p) => p.text));
  const warnings = host_check_texts(host, posts.map((p) => p.text), { pack: 'nhs' });
  let passed = 0, failed = 0, close = 0, fired = 0;
  posts.forEach((post, n) => {
    if (words[n].length > WINDOW) return;
    const d = features_of(words[n]);
    const wrong = [];
    for (const rule of rules) {
      const p = probability(models[outputs.indexOf(rule.category)], d);
      const warned = warnings[n].some((w) => w.rule === rule.id);
      if (Math.abs(p - rule.above) < CLOSE) { close++; continue; }
      if (warned) fired++;
      if (warned && p < rule.above) wrong.push(`${rule.id} warned at ${p.toFixed(3)}`);
      if (p >= rule.above && !warnings[n].some((w) => w.category === rule.category)) {
        wrong.push(`${rule.id} silent at ${p.toFixed(3)}`);
      }
    }
    if (wrong.length) {
      failed++;
      console.log(`FAIL ${post.id}: ${wrong.join('; ')}`);
    } else passed++;
  });
  console.log(`${passed + failed} posts, ${fired} model warnings, ${close} decisions within ${CLOSE} of a threshold left out`);
  if (fired === 0) {
    failed++;
    console.log('FAIL no model rule warned on any post: nothing was compared');
  }
  console.log(`modelagree: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main();
