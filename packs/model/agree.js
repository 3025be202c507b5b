#!/usr/bin/env node
// Fits a pack's "model_agree": the word model's second opinion on the warnings of its rules below error
// (docs/model.md, "A second opinion from every output").
//
// A category's warnings are kept where a logistic regression agrees with them. It reads the log-odds of
// every output of the model, not only the category's own, whether phrase or pattern rules raised the
// category, whether its model rule did, and the post's length in words. It is fitted per category on
// the development posts where the category was raised and no error or identifier was among its
// warnings, with the posts' labels as the answer. The probabilities it reads must be ones the model
// gave posts it was not trained on, or it would learn to trust the model more than it deserves; so it
// reads the out-of-fold probabilities `train.js --folds 5 --cv-out FILE` writes. Which warnings
// survive the pack's model doubt follows host/pack.c and host/model.c (model_doubts) on those same
// probabilities, and the rules' warnings come from the real host with the pack minus its model rules,
// doubt and agreement.
//
// Usage: node packs/model/agree.js --cv FILE [--host BIN] [--pack packs/nhs.json] [--percent P]
// Rewrites the pack's "model_agree" (weights, in whole thousandths as the model's are, and with
// --percent its "below_percent") in place, and prints the figures without it and with it at its bar
// and at bars up to ten points either side, cross-validated over the development posts.

'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { host_check_texts, host_words_texts } = require('../../tests/eval/host');

const ROOT = path.join(__dirname, '../..');
const FIXED = ['bias', 'rule', 'model', 'length'];   // host/model.h MODEL_AGREE_FIXED, in order
const LENGTH = FIXED.indexOf('length');   // inputs from here on are fitted divided by SCALE
const HELD = 0.001;              // probabilities are held in [HELD, 1 - HELD], as host/model.c does
const SCALE = 5;                 // features are fitted divided by this, for a better-conditioned fit
const ITERATIONS = 400;
const RATE = 0.5;
const L2 = 1e-4;
const FOLDS = 5;

const USAGE = 'usage: node packs/model/agree.js --cv FILE [--host BIN] [--pack FILE] [--percent P]\n';
const HELP = `${USAGE}
Fits the pack's "model_agree" (the word model's second opinion, docs/model.md) and writes it into the
pack, printing cross-validated figures without it and at bars around its own.

  --cv FILE      out-of-fold probabilities: node packs/model/train.js --folds 5 --cv-out FILE
  --host BIN     the host binary (default build/noticeboard-host)
  --pack FILE    the pack to fit and rewrite (default packs/nhs.json)
  --percent P    the bar, 1 to 99 (default: the pack's own "below_percent")

make model-agree runs both steps.
`;

function usage_exit(message) {
  if (!message) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  process.stderr.write(`agree.js: ${message}\n${USAGE}`);
  process.exit(2);
}

function options_parse(argv) {
  const o = { host: path.join(ROOT, 'build/noticeboard-host'), pack: path.join(ROOT, 'packs/nhs.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') usage_exit();
    else if (['--cv', '--host', '--pack', '--percent'].includes(a)) {
      if (i + 1 >= argv.length) usage_exit(`missing value after ${a}`);
      o[a.slice(2)] = argv[++i];
    } else usage_exit(`unknown argument ${a}`);
  }
  if (!o.cv) usage_exit('--cv is required: the out-of-fold probabilities train.js --folds 5 --cv-out writes');
  if (o.percent !== undefined) {
    o.percent = Number(o.percent);
    if (!Number.isInteger(o.percent) || o.percent < 1 || o.percent > 99) usage_exit('--percent must be 1 to 99');
  }
  return o;
}

const lines = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const log_odds = (p) => { const q = Math.min(1 - HELD, Math.max(HELD, p)); return Math.log(q / (1 - q)); };
const logistic = (z) => 1 / (1 + Math.exp(-z));

// A warning that never asks for the second opinion, and keeps its category's warnings from it
// (host/pack.c rule_certain).
const rule_certain = (r) => r.severity === 'error' || (Boolean(r.match.identifier) && !r.ask_model);

// What the second opinion reads about a category (host/model.c model_agreement): the FIXED inputs in
// order, then every output's held log-odds. `raised` says whether a phrase or pattern rule (rule) and
// the model rule (model) raised the category.
function inputs_of(raised, words, p) {
  return [1, raised.rule, raised.model, Math.log(1 + words), ...p.map(log_odds)];
}

// The agreement a pack's "model_agree" weights for one category, in whole thousandths, give inputs_of.
function agreement_of(entry, outputs, inputs) {
  const w = [...FIXED.map((name) => entry[name]), ...outputs.map((o) => entry.outputs[o] || 0)];
  return logistic(inputs.reduce((z, v, k) => z + w[k] * v, 0) / 1000);
}

// The pack's rules alone: no model rules, no doubt, no agreement, so every match comes back.
function rules_only(pack) {
  const p = JSON.parse(JSON.stringify(pack));
  p.rules = p.rules.filter((r) => !(r.match && r.match.model));
  for (const r of p.rules) delete r.doubt_below_percent_of_prior;
  delete p.model_doubt;
  delete p.model_agree;
  return p;
}

// Whether a rule's warning survives the model's doubt, as host/pack.c doubt_parse sets it up and
// host/model.c model_doubts decides it.
function doubt_judge(pack, model) {
  const prior = model.bias.map((b) => logistic(b / 1000));
  const d = pack.model_doubt || {};
  const rules = new Map(pack.rules.map((r) => [r.id, r]));
  return (rule_id, p) => {
    const r = rules.get(rule_id);
    const output = model.outputs.indexOf(r.category);
    if (r.match.identifier || output < 0) return true;
    let share, floor = 0;
    if (r.doubt_below_percent_of_prior) share = r.doubt_below_percent_of_prior / 100;
    else if (r.severity === 'error') share = d.errors_below_percent_of_prior / 100;
    else {
      share = d.below_percent_of_prior / 100;
      floor = (d.below_percent || 0) / 100;
    }
    if (!share) return true;
    return p[output] >= Math.max(share * prior[output], floor);
  };
}

// One candidate per post and category raised with no error or identifier among its warnings.
function candidates_of(posts, pack, model) {
  const survives = doubt_judge(pack, model);
  const rules = new Map(pack.rules.map((r) => [r.id, r]));
  const above = new Map(pack.rules.filter((r) => r.match && r.match.model).map((r) => [r.match.model, (r.match.percent || 50) / 100]));
  const out = [];
  for (const post of posts) {
    const raised = new Map();
    for (const w of post.warnings) {
      if (!survives(w.rule, post.p)) continue;
      const r = rules.get(w.rule);
      const c = raised.get(w.category) || { rule: 0, model: 0, certain: false };
      c.rule = 1;
      c.certain = c.certain || rule_certain(r);
      raised.set(w.category, c);
    }
    model.outputs.forEach((category, o) => {
      if (above.has(category) && post.p[o] >= above.get(category)) {
        const c = raised.get(category) || { rule: 0, model: 0, certain: false };
        c.model = 1;
        raised.set(category, c);
      }
    });
    for (const [category, c] of raised) {
      if (c.certain || !model.outputs.includes(category)) continue;
      const x = inputs_of(c, post.words, post.p).map((v, k) => (k < LENGTH ? v : v / SCALE));
      out.push({ post, category, x, y: post.labels.has(category) ? 1 : 0 });
    }
  }
  return out;
}

// L2-penalised logistic regression by full-batch Adagrad: deterministic, and quick at this size.
function fit(rows) {
  const n = rows[0].x.length;
  const w = new Float64Array(n), g2 = new Float64Array(n).fill(1e-8);
  for (let it = 0; it < ITERATIONS; it++) {
    const g = new Float64Array(n);
    for (const r of rows) {
      let z = 0;
      for (let k = 0; k < n; k++) z += w[k] * r.x[k];
      const e = logistic(z) - r.y;
      for (let k = 0; k < n; k++) g[k] += e * r.x[k];
    }
    for (let k = 0; k < n; k++) {
      const gk = g[k] / rows.length + L2 * w[k];
      g2[k] += gk * gk;
      w[k] -= RATE * gk / Math.sqrt(g2[k]);
    }
  }
  return w;
}

const agreement = (w, x) => logistic(x.reduce((z, v, k) => z + w[k] * v, 0));

function fold_of(id) {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % FOLDS;
}

// Figures over the development posts, with the candidates scoring under `above` withdrawn: all
// together, and how many writers' batches (the posts of one id prefix, "d212-...") meet every target of
// docs/quality.md on their own, as each held-out split must.
function figures(posts, candidates, above) {
  const dropped = new Set(candidates.filter((c) => c.score < above).map((c) => `${c.post.id} ${c.category}`));
  const tally = () => ({ caught: 0, breaching: 0, tp: 0, fp: 0, clean: 0, alarms: 0 });
  const all = tally(), batches = new Map();
  for (const post of posts) {
    const batch = post.id.split('-')[0];
    if (!batches.has(batch)) batches.set(batch, tally());
    const raised = new Set(post.raised.filter((c) => !dropped.has(`${post.id} ${c}`)));
    for (const t of [all, batches.get(batch)]) {
      for (const c of raised) if (post.labels.has(c)) t.tp++; else t.fp++;
      if (post.labels.size) { t.breaching++; if ([...post.labels].some((c) => raised.has(c))) t.caught++; }
      else { t.clean++; if (raised.size) t.alarms++; }
    }
  }
  const meets = [...batches.values()].filter((t) => t.caught >= 0.9 * t.breaching && t.tp >= 0.9 * (t.tp + t.fp) &&
    t.alarms <= 0.05 * t.clean).length;
  return `post recall ${(all.caught / all.breaching).toFixed(4)} (${all.caught} of ${all.breaching}), ` +
    `precision ${(all.tp / (all.tp + all.fp)).toFixed(4)}, clean false alarms ${all.alarms} of ${all.clean}, ` +
    `${meets} of ${batches.size} batches meet all three targets`;
}

function main() {
  const o = options_parse(process.argv.slice(2));
  const pack = JSON.parse(fs.readFileSync(o.pack, 'utf8'));
  const model = JSON.parse(fs.readFileSync(path.join(ROOT, 'packs/model/model.json'), 'utf8'));
  const percent = o.percent ?? (pack.model_agree && pack.model_agree.below_percent);
  if (!percent) usage_exit(`${o.pack} has no "model_agree" yet: give --percent`);
  const cv = new Map(lines(o.cv).map((l) => [l.id, l.probabilities]));
  const posts = lines(path.join(ROOT, 'tests/corpus/development.jsonl')).filter((p) => cv.has(p.id));
  if (posts.length === 0) usage_exit(`${o.cv} holds no development post`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-agree-'));
  let warnings, words;
  try {
    const alone = path.join(dir, 'rules.json');
    fs.writeFileSync(alone, JSON.stringify(rules_only(pack)));
    process.stderr.write(`checking ${posts.length} development posts with ${o.host}\n`);
    warnings = host_check_texts(o.host, posts.map((p) => p.text), { pack: alone, spelling: false });
    words = host_words_texts(o.host, posts.map((p) => p.text));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const read = posts.map((p, i) => ({
    id: p.id, p: cv.get(p.id), words: words[i].length, warnings: warnings[i],
    labels: new Set(p.categories.filter((c) => c !== 'spelling')),
  }));
  const candidates = candidates_of(read, pack, model);
  const by_category = new Map();
  for (const c of candidates) {
    if (!by_category.has(c.category)) by_category.set(c.category, []);
    by_category.get(c.category).push(c);
  }
  const weights = {};
  for (const [category, rows] of by_category) {
    for (let f = 0; f < FOLDS; f++) {
      const w = fit(rows.filter((r) => fold_of(r.post.id) !== f));
      for (const r of rows) if (fold_of(r.post.id) === f) r.score = agreement(w, r.x);
    }
    const w = fit(rows);
    const entry = {};
    FIXED.forEach((name, k) => { entry[name] = Math.round((k < LENGTH ? w[k] : w[k] / SCALE) * 1000); });
    entry.outputs = Object.fromEntries(model.outputs.map((out, j) => [out, Math.round(w[FIXED.length + j] / SCALE * 1000)]));
    weights[category] = entry;
  }
  for (const post of read) post.raised = [];
  for (const c of candidates) c.post.raised.push(c.category);
  // Categories with an error or identifier are never candidates, so they count as caught either way;
  // the figures compare like with like.
  const survives = doubt_judge(pack, model);
  const rules = new Map(pack.rules.map((r) => [r.id, r]));
  for (const post of read) {
    for (const w of post.warnings) {
      const r = rules.get(w.rule);
      if (survives(w.rule, post.p) && rule_certain(r)) post.raised.push(w.category);
    }
    post.raised = [...new Set(post.raised)];
  }
  console.log(`${candidates.length} categories raised with no error or identifier, ${candidates.filter((c) => c.y).length} of them labelled`);
  console.log(`${FOLDS}-fold, without the agreement: ${figures(read, candidates, 0)}`);
  for (let bar = percent - 10; bar <= percent + 10; bar += 5) {
    if (bar < 1 || bar > 99) continue;
    console.log(`${FOLDS}-fold, agreement at ${bar}%: ${figures(read, candidates, bar / 100)}${bar === percent ? ' (the pack\'s)' : ''}`);
  }
  const agree = { below_percent: percent, weights: Object.fromEntries([...Object.keys(weights)].sort().map((c) => [c, weights[c]])) };
  const out = {};
  for (const [k, v] of Object.entries(pack)) {
    if (k === 'model_agree') continue;
    if (k === 'rules') out.model_agree = agree;
    out[k] = v;
  }
  fs.writeFileSync(o.pack, `${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write(`wrote "model_agree" into ${o.pack}\n`);
}

module.exports = { rule_certain, inputs_of, agreement_of };

if (require.main === module) main();
