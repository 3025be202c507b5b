// Loads the labelled corpus (tests/corpus/*.jsonl) and says exactly what is wrong with any line.
//
// One post per line: {"id","platform","text","categories":[...],"note"}. A corpus with a bad line
// must not be scored at all, because a silently skipped post would flatter the figures; so
// corpus_load returns every problem with its file and line, and the caller decides to stop.

'use strict';

const fs = require('fs');
const path = require('path');
const { CATEGORIES } = require('./categories');

const PLATFORMS = ['facebook', 'x', 'instagram', 'linkedin', 'tiktok', 'whatsapp'];

function post_problems(post) {
  const problems = [];
  if (typeof post !== 'object' || post === null || Array.isArray(post)) return ['not a JSON object'];
  if (typeof post.id !== 'string' || post.id === '') problems.push('"id" must be a non-empty string');
  if (!PLATFORMS.includes(post.platform)) problems.push(`"platform" must be one of ${PLATFORMS.join(', ')}`);
  if (typeof post.text !== 'string' || post.text.trim() === '') problems.push('"text" must be a non-empty string');
  if (typeof post.note !== 'string' || post.note === '') problems.push('"note" must say why the labels are what they are');
  if (!Array.isArray(post.categories)) {
    problems.push('"categories" must be an array ([] for a clean post)');
  } else {
    for (const c of post.categories) {
      if (!CATEGORIES.includes(c)) problems.push(`unknown category "${c}"`);
    }
    if (new Set(post.categories).size !== post.categories.length) problems.push('a category is listed twice');
  }
  return problems;
}

// Returns { posts, errors }: errors are { file, line, text } and posts holds only good lines, each
// with `split`, the name of its file (development, heldout-1, ...).
function corpus_load(dir) {
  const posts = [];
  const errors = [];
  const seen = new Map();
  // Numeric order, so heldout-100 is reported after heldout-99 and not before heldout-11.
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (files.length === 0) errors.push({ file: dir, line: 0, text: 'no .jsonl files' });
  for (const name of files) {
    const file = path.join(dir, name);
    fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      const where = { file, line: i + 1 };
      let post;
      try {
        post = JSON.parse(raw);
      } catch (e) {
        errors.push({ ...where, text: `not JSON: ${e.message}` });
        return;
      }
      const problems = post_problems(post);
      if (problems.length === 0 && seen.has(post.id)) problems.push(`id "${post.id}" also on line ${seen.get(post.id)}`);
      if (problems.length > 0) {
        errors.push(...problems.map((text) => ({ ...where, text })));
        return;
      }
      seen.set(post.id, i + 1);
      posts.push({ ...post, split: path.basename(name, '.jsonl') });
    });
  }
  return { posts, errors };
}

module.exports = { corpus_load };
