// Prints the evaluation as the table people read in a terminal and paste into docs/quality.md.
//
// Only formatting lives here: every number comes from score.js, so the printed table and
// build/eval.json can never disagree.

'use strict';

const SHOWN = 15;

const fixed = (x, digits = 2) => (x === null ? '  n/a' : x.toFixed(digits));
const percent = (x) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function category_table(corpus) {
  const lines = ['category                    support     tp     fp     fn  precision  recall'];
  const row = (name, c) => `${name.padEnd(26)}${String(c.support).padStart(9)}${String(c.tp).padStart(7)}`
    + `${String(c.fp).padStart(7)}${String(c.fn).padStart(7)}${fixed(c.precision).padStart(11)}${fixed(c.recall).padStart(8)}`;
  for (const [name, c] of Object.entries(corpus.categories)) lines.push(row(name, c));
  lines.push(row('micro (post, category)', corpus.micro));
  return lines;
}

function summary(corpus, brown) {
  const s = corpus.spelling;
  return [
    `posts: ${corpus.posts} (${corpus.breaching_posts} breaching, ${corpus.clean_posts} clean)`,
    `post-level recall (any labelled category raised): ${fixed(corpus.post_recall_any, 3)}`,
    `post-level recall (all labelled categories raised): ${fixed(corpus.post_recall_all, 3)}`,
    `micro precision: ${fixed(corpus.micro.precision, 3)}   micro recall: ${fixed(corpus.micro.recall, 3)}`,
    `clean-post false alarms: ${corpus.clean_false_alarms}/${corpus.clean_posts} = ${percent(corpus.clean_false_alarm_rate)}`,
    `spelling: recall ${fixed(s.recall, 3)} on ${s.labelled_posts} posts with typos; `
      + `${s.false_alarms} warnings in ${s.words_in_unlabelled_posts} words of posts without = `
      + `${fixed(s.false_alarms_per_10k_words, 1)} per 10,000 words`,
    `Brown corpus: ${brown.warnings} non-spelling warnings in ${brown.words} words (${brown.pieces} pieces) = `
      + `${fixed(brown.per_10k_words, 2)} per 10,000 words`,
  ];
}

function split_table(splits) {
  const lines = ['split              posts  breaching  clean  recall(any)  recall(all)  micro P  micro R  clean FA'];
  for (const [name, c] of Object.entries(splits)) {
    lines.push(`${name.padEnd(17)}${String(c.posts).padStart(7)}${String(c.breaching_posts).padStart(11)}`
      + `${String(c.clean_posts).padStart(7)}${fixed(c.post_recall_any, 3).padStart(13)}`
      + `${fixed(c.post_recall_all, 3).padStart(13)}${fixed(c.micro.precision, 3).padStart(9)}`
      + `${fixed(c.micro.recall, 3).padStart(9)}${percent(c.clean_false_alarm_rate).padStart(10)}`);
  }
  return lines;
}

function brown_tops(brown) {
  const lines = ['Brown corpus, top rules:'];
  for (const r of brown.top_rules) lines.push(`  ${String(r.count).padStart(5)}  ${r.name}`);
  lines.push('Brown corpus, by category:');
  for (const c of brown.top_categories) lines.push(`  ${String(c.count).padStart(5)}  ${c.name}`);
  return lines;
}

function worst(corpus) {
  const lines = [`worst misses (${corpus.misses.length} posts missing a labelled category; first ${SHOWN}):`];
  for (const m of corpus.misses.slice(0, SHOWN)) {
    const raised = m.raised.length ? ` (raised ${m.raised.join(', ')})` : ' (nothing raised)';
    lines.push(`  ${m.id}: missed ${m.missing.join(', ')}${raised}`);
  }
  lines.push(`worst false alarms (${corpus.false_alarms.length} posts raising an unlabelled category; first ${SHOWN}):`);
  for (const f of corpus.false_alarms.slice(0, SHOWN)) {
    const why = f.warnings.map((w) => `${w.rule} on "${w.match}"`).join('; ');
    lines.push(`  ${f.id}${f.on_clean_post ? ' (clean)' : ''}: ${why}`);
  }
  return lines;
}

function report_text(result) {
  return [
    `noticeboard detection quality: pack ${result.pack}, ${result.host_version}`,
    '',
    ...category_table(result.corpus),
    '',
    ...summary(result.corpus, result.brown),
    '',
    ...split_table(result.splits),
    '',
    ...brown_tops(result.brown),
    '',
    ...worst(result.corpus),
  ].join('\n');
}

module.exports = { report_text };
