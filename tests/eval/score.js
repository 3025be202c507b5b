// Scores the host's warnings against the corpus labels, and counts its warnings on the Brown corpus.
//
// The definitions live in docs/quality.md; in short, a post "raises" a category when at least one
// of its warnings carries it, policy figures ignore spelling, and spelling is scored on its own.
// Pure functions of (posts, warnings): no I/O, so the figures can be recomputed from build/eval.json.

'use strict';

const { POLICY_CATEGORIES, SPELLING } = require('./categories');
const { word_count } = require('./brown');

const ratio = (num, den) => (den === 0 ? null : num / den);

function raised_categories(warnings) {
  return new Set(warnings.map((w) => w.category));
}

function policy_set(categories) {
  return new Set([...categories].filter((c) => c !== SPELLING));
}

function per_category_counts() {
  return Object.fromEntries(POLICY_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
}

function with_rates(count) {
  return {
    ...count,
    support: count.tp + count.fn,
    precision: ratio(count.tp, count.tp + count.fp),
    recall: ratio(count.tp, count.tp + count.fn),
  };
}

// The warnings that caused a false alarm, with the words they fired on, for the pack engineers.
function alarm_evidence(post, warnings, categories) {
  return warnings
    .filter((w) => categories.has(w.category))
    .map((w) => ({ rule: w.rule, category: w.category, match: post.text.slice(w.start, w.end) }));
}

function score_post(post, warnings, tally) {
  const gold = policy_set(post.categories);
  const raised = policy_set(raised_categories(warnings));
  for (const c of POLICY_CATEGORIES) {
    if (gold.has(c) && raised.has(c)) tally.categories[c].tp += 1;
    else if (raised.has(c)) tally.categories[c].fp += 1;
    else if (gold.has(c)) tally.categories[c].fn += 1;
  }
  const wrong = new Set([...raised].filter((c) => !gold.has(c)));
  const missing = [...gold].filter((c) => !raised.has(c));
  if (gold.size === 0) {
    tally.clean += 1;
    if (raised.size > 0) tally.clean_alarmed += 1;
  } else {
    tally.breaching += 1;
    if (missing.length < gold.size) tally.caught_any += 1;
    if (missing.length === 0) tally.caught_all += 1;
  }
  if (missing.length > 0) {
    tally.misses.push({ id: post.id, missing, raised: [...raised], nothing_raised: raised.size === 0, text: post.text });
  }
  if (wrong.size > 0) {
    tally.false_alarms.push({ id: post.id, on_clean_post: gold.size === 0, warnings: alarm_evidence(post, warnings, wrong) });
  }
}

function score_spelling(post, warnings, tally) {
  const typos = warnings.filter((w) => w.category === SPELLING);
  if (post.categories.includes(SPELLING)) {
    tally.labelled += 1;
    if (typos.length > 0) tally.caught += 1;
    else tally.missed.push(post.id);
  } else {
    tally.words += word_count(post.text);
    tally.warnings += typos.length;
    for (const w of typos) tally.flagged.push({ id: post.id, word: post.text.slice(w.start, w.end) });
  }
}

// posts: corpus posts; results: one warnings array per post, same order.
function score_corpus(posts, results) {
  const tally = {
    categories: per_category_counts(), clean: 0, clean_alarmed: 0, breaching: 0,
    caught_any: 0, caught_all: 0, misses: [], false_alarms: [],
  };
  const spelling = { labelled: 0, caught: 0, missed: [], words: 0, warnings: 0, flagged: [] };
  posts.forEach((post, i) => {
    score_post(post, results[i], tally);
    score_spelling(post, results[i], spelling);
  });
  const micro = Object.values(tally.categories).reduce(
    (sum, c) => ({ tp: sum.tp + c.tp, fp: sum.fp + c.fp, fn: sum.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  // Complete misses first: a breaching post that raised nothing is the worst outcome; then
  // false alarms on clean posts, which are what make people switch a checker off.
  tally.misses.sort((a, b) => b.nothing_raised - a.nothing_raised || b.missing.length - a.missing.length);
  tally.false_alarms.sort((a, b) => b.on_clean_post - a.on_clean_post);
  return {
    posts: posts.length,
    breaching_posts: tally.breaching,
    clean_posts: tally.clean,
    categories: Object.fromEntries(Object.entries(tally.categories).map(([c, n]) => [c, with_rates(n)])),
    micro: with_rates(micro),
    post_recall_any: ratio(tally.caught_any, tally.breaching),
    post_recall_all: ratio(tally.caught_all, tally.breaching),
    clean_false_alarm_rate: ratio(tally.clean_alarmed, tally.clean),
    clean_false_alarms: tally.clean_alarmed,
    spelling: {
      labelled_posts: spelling.labelled,
      recall: ratio(spelling.caught, spelling.labelled),
      missed: spelling.missed,
      words_in_unlabelled_posts: spelling.words,
      false_alarms: spelling.warnings,
      false_alarms_per_10k_words: ratio(spelling.warnings * 10000, spelling.words),
      flagged: spelling.flagged,
    },
    misses: tally.misses,
    false_alarms: tally.false_alarms,
  };
}

function top(counts, n) {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n)
    .map(([name, count]) => ({ name, count }));
}

// pieces: [{ id, text }]; results: one warnings array per piece (checked without spelling).
function score_brown(pieces, results) {
  const rules = {};
  const categories = {};
  const examples = [];
  let words = 0;
  let warnings = 0;
  pieces.forEach((piece, i) => {
    words += word_count(piece.text);
    for (const w of results[i].filter((x) => x.category !== SPELLING)) {
      warnings += 1;
      rules[w.rule] = (rules[w.rule] || 0) + 1;
      categories[w.category] = (categories[w.category] || 0) + 1;
      if (examples.length < 50) examples.push({ id: piece.id, rule: w.rule, match: piece.text.slice(w.start, w.end) });
    }
  });
  return {
    pieces: pieces.length,
    words,
    warnings,
    per_10k_words: ratio(warnings * 10000, words),
    top_rules: top(rules, 10),
    top_categories: top(categories, 10),
    examples,
  };
}

// A target check { ok, value, lower_is_better } against the figure held for it (tests/eval/floors.json):
// a figure short of its target but no worse than the held one is an open target, not a regression, and
// prints MISS without failing. Without a held figure, a missed target fails.
function target_verdict(check, held) {
  if (check.ok) return 'ok';
  if (typeof held !== 'number' || typeof check.value !== 'number') return 'fail';
  return (check.lower_is_better ? check.value <= held : check.value >= held) ? 'miss' : 'fail';
}

module.exports = { score_corpus, score_brown, target_verdict };
