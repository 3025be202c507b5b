#!/usr/bin/env node
// Checks the evaluator's own arithmetic on posts whose right answers are worked out by hand, so a
// scoring bug cannot quietly flatter or sink the figures that tests/suites.d/30-eval judges.
// Covers score.js (every figure docs/quality.md defines) and the Brown detagging in brown.js.

'use strict';

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { score_corpus, score_brown, target_verdict } = require('./score');
const { brown_pieces } = require('./brown');
const { corpus_load } = require('./corpus');

const warning = (category, start = 0, end = 1, rule = `t.${category}`) => ({ rule, category, start, end });

const POSTS = [
  { id: 'a', text: 'swap my shift pls', categories: ['shift-swap'] },
  { id: 'b', text: 'Mrs X in bed 2', categories: ['patient-identifiable', 'patient-discussion'] },
  { id: 'c', text: 'be patient with me', categories: [] },
  { id: 'd', text: 'lovely sunset', categories: [] },
  { id: 'e', text: 'absolutly tired', categories: ['spelling'] },
];
const RESULTS = [
  [warning('shift-swap'), warning('spelling')],
  [warning('patient-discussion'), warning('colleague')],
  [warning('patient-discussion', 3, 10)],
  [],
  [warning('spelling')],
];

const checks = {
  'per-category counts': (s) => {
    assert.deepStrictEqual([s.categories['shift-swap'].tp, s.categories['shift-swap'].fp], [1, 0]);
    assert.deepStrictEqual(s.categories['patient-discussion'], { tp: 1, fp: 1, fn: 0, support: 1, precision: 0.5, recall: 1 });
    assert.strictEqual(s.categories['patient-identifiable'].recall, 0);
    assert.strictEqual(s.categories.legal.precision, null);
  },
  'micro precision and recall ignore spelling': (s) => {
    assert.deepStrictEqual([s.micro.tp, s.micro.fp, s.micro.fn], [2, 2, 1]);
  },
  'post-level recall, any and all': (s) => {
    assert.strictEqual(s.breaching_posts, 2);
    assert.strictEqual(s.post_recall_any, 1);
    assert.strictEqual(s.post_recall_all, 0.5);
  },
  'a post labelled only spelling is clean': (s) => {
    assert.strictEqual(s.clean_posts, 3);
    assert.strictEqual(s.clean_false_alarms, 1);
  },
  'false alarms name the rule and the words': (s) => {
    const clean = s.false_alarms.find((f) => f.id === 'c');
    assert.deepStrictEqual(clean.warnings, [{ rule: 't.patient-discussion', category: 'patient-discussion', match: 'patient' }]);
    assert.strictEqual(s.false_alarms[0].id, 'c');
  },
  'spelling is scored apart': (s) => {
    assert.strictEqual(s.spelling.recall, 1);
    assert.strictEqual(s.spelling.false_alarms, 1);
    assert.strictEqual(s.spelling.words_in_unlabelled_posts, 15);
  },
};

// Held figures: a floor for recall and precision, a ceiling for false alarms.
function verdict_check() {
  const recall = (value) => ({ ok: value >= 0.9, value });
  const alarms = (value) => ({ ok: value <= 0.05, value, lower_is_better: true });
  assert.deepStrictEqual([recall(0.95), recall(0.8), recall(0.8), recall(0.7)].map((c, i) =>
    target_verdict(c, [undefined, undefined, 0.75, 0.75][i])), ['ok', 'fail', 'miss', 'fail']);
  assert.deepStrictEqual([alarms(0.01), alarms(0.06), alarms(0.06), alarms(0.09)].map((c, i) =>
    target_verdict(c, [undefined, undefined, 0.08, 0.08][i])), ['ok', 'fail', 'miss', 'fail']);
  assert.strictEqual(target_verdict({ ok: false, value: null }, 0.5), 'fail');
}

function brown_check() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-brown-'));
  try {
    fs.writeFileSync(path.join(dir, 'ca01'), "\n\n\tThe/at ``/`` jury/nn ''/'' said/vbd (/( no/at )/) ,/, Atlanta's/np$ city/nn ./.\n\n\tIt/pps ran/vbd ./.\n");
    fs.writeFileSync(path.join(dir, 'README'), 'not a sample');
    const pieces = brown_pieces(dir);
    assert.deepStrictEqual(pieces, [{ id: 'ca01.1', text: 'The "jury" said (no), Atlanta\'s city. It ran.' }]);
    const scored = score_brown(pieces, [[warning('spelling'), warning('legal', 4, 10)]]);
    assert.deepStrictEqual([scored.words, scored.warnings], [8, 1]);
    assert.deepStrictEqual(scored.examples[0].match, '"jury"');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Splits come in numeric order, so the report lists heldout-100 after heldout-99, not before heldout-11.
function split_order_check() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-corpus-'));
  try {
    for (const name of ['heldout-100', 'heldout-11', 'development', 'heldout-99']) {
      const post = { id: name, platform: 'x', text: 'lovely sunset', categories: [], note: 'ordinary' };
      fs.writeFileSync(path.join(dir, `${name}.jsonl`), `${JSON.stringify(post)}\n`);
    }
    const { posts, errors } = corpus_load(dir);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(posts.map((p) => p.split), ['development', 'heldout-11', 'heldout-99', 'heldout-100']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let passed = 0;
let failed = 0;
const scored = score_corpus(POSTS, RESULTS);
const all = { ...Object.fromEntries(Object.entries(checks).map(([n, f]) => [n, () => f(scored)])), 'Brown detagging and counting': brown_check,
  'a missed target held at its floor or ceiling': verdict_check, 'splits in numeric order': split_order_check };
for (const [name, check] of Object.entries(all)) {
  try {
    check();
    passed += 1;
    console.log(`ok    ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL  ${name}: ${e.message}`);
  }
}
console.log(`scoring: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
