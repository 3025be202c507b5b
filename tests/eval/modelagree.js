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
// (the model's warning may have merged into a phrase rule's on the same words) unless the pack's
// second opinion ("model_agree") withdraws the category; where it withdraws it, the host must be
// silent there. The second opinion is computed here with the inputs agree.js fits it on, from the
// same probabilities and the warnings the host gives without it, so the fitting and the host are
// checked against each other. A decision within 0.001 of a threshold is left out, since the host
// adds in single precision.
//
// Usage: node tests/eval/modelagree.js [--host PATH]. Prints one line per post that disagrees and
// "modelagree: N passed, N failed", a post passing when every one of its decisions agrees.

'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { host_check_texts, host_words_texts } = require('./host');
const { features_of, probability } = require('../../packs/model/train');
const { rule_certain, inputs_of, agreement_of } = require('../../packs/model/agree');

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
function model_rules(pack) {
  return pack.rules
    .filter((r) => r.match && r.match.model)
    .map((r) => ({ id: r.id, category: r.match.model, above: r.match.percent / 100 }));
}

// The pack's second opinion (its "model_agree", host/model.c model_agreement) on a category whose model
// rule warned: null where it does not ask, because the category has no weights or an error or
// identifier among its warnings before the agreement (raw). The model rule is not looked for in raw:
// the host asks before it merges, and a phrase rule's warning at the same place can hide the model's
// from the output ("model-concern-raising" under "grievance-employer" on "…no wonder they won't give
// us a pay rise").
function agreement(pack, outputs, p, words, category, raw) {
  const entry = pack.model_agree && pack.model_agree.weights[category];
  if (!entry) return null;
  const rules = new Map(pack.rules.map((r) => [r.id, r]));
  const mine = raw.filter((x) => x.category === category).map((x) => rules.get(x.rule));
  if (mine.some(rule_certain)) return null;
  const raised = { rule: mine.some((r) => !r.match.model) ? 1 : 0, model: 1 };
  return agreement_of(entry, outputs, inputs_of(raised, words, p));
}

function main() {
  const i = process.argv.indexOf('--host');
  const host = i > 0 ? process.argv[i + 1] : path.join(ROOT, 'build/noticeboard-host');
  const { outputs, models } = model_read(path.join(ROOT, 'packs/model/model.json'));
  const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'packs/nhs.json'), 'utf8'));
  const rules = model_rules(pack);
  const posts = fs.readFileSync(path.join(ROOT, 'tests/corpus/development.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((_, n) => n % EVERY === 0);
  const texts = posts.map((p) => p.text);
  const words = host_words_texts(host, texts);
  const warnings = host_check_texts(host, texts, { pack: 'nhs' });
  // The same pack without its second opinion, for what the agreement was asked about.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-modelagree-'));
  let raw;
  try {
    const file = path.join(dir, 'nhs.json');
    fs.writeFileSync(file, JSON.stringify({ ...pack, model_agree: undefined }));
    raw = host_check_texts(host, texts, { pack: file });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const above = pack.model_agree ? pack.model_agree.below_percent / 100 : 0;
  let passed = 0, failed = 0, close = 0, fired = 0, withdrawn = 0;
  posts.forEach((post, n) => {
    if (words[n].length > WINDOW) return;
    const d = features_of(words[n]);
    const p = models.map((m) => probability(m, d));
    const wrong = [];
    for (const rule of rules) {
      const pr = p[outputs.indexOf(rule.category)];
      const warned = warnings[n].some((w) => w.rule === rule.id);
      if (Math.abs(pr - rule.above) < CLOSE) { close++; continue; }
      if (warned) fired++;
      if (warned && pr < rule.above) wrong.push(`${rule.id} warned at ${pr.toFixed(3)}`);
      if (pr < rule.above) continue;
      const q = agreement(pack, outputs, p, words[n].length, rule.category, raw[n]);
      if (q !== null && Math.abs(q - above) < CLOSE) { close++; continue; }
      const kept = q === null || q >= above;
      if (!kept) withdrawn++;
      const spoke = warnings[n].some((w) => w.category === rule.category);
      if (kept && !spoke) wrong.push(`${rule.id} silent at ${pr.toFixed(3)}, agreement ${q === null ? 'not asked' : q.toFixed(3)}`);
      if (!kept && spoke) wrong.push(`${rule.id} kept at ${pr.toFixed(3)}, agreement ${q.toFixed(3)}`);
    }
    if (wrong.length) {
      failed++;
      console.log(`FAIL ${post.id}: ${wrong.join('; ')}`);
    } else passed++;
  });
  console.log(`${passed + failed} posts, ${fired} model warnings, ${withdrawn} withdrawn by the agreement, ` +
    `${close} decisions within ${CLOSE} of a threshold left out`);
  if (fired === 0) {
    failed++;
    console.log('FAIL no model rule warned on any post: nothing was compared');
  }
  console.log(`modelagree: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main();
