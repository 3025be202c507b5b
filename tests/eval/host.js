// Runs the real host binary over many posts: its checker (host_check_texts) for the evaluation, and
// its `words` command (host_words_texts) for training the word model on exactly the words it reads.
//
// Both commands print one JSON line per file, in order, so posts are written to a private temporary
// directory (removed afterwards, even on error) and passed in batches, which keeps eleven thousand
// Brown pieces to a few dozen processes. Any error from the host (exit status 2, or a line count that
// does not match) stops the run: a post that was not checked must never be counted as a clean one.

'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const BATCH = 400;

function host_run_batch(host, args, files) {
  const run = spawnSync(host, [...args, ...files], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.error) throw new Error(`cannot run ${host}: ${run.error.message}`);
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`${host} exited ${run.status ?? run.signal}: ${run.stderr.trim()}`);
  }
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== files.length) {
    throw new Error(`${host} printed ${lines.length} results for ${files.length} posts: ${run.stderr.trim()}`);
  }
  return lines.map((line, i) => {
    try {
      return JSON.parse(line);
    } catch (e) {
      throw new Error(`${host} printed a line that is not JSON for ${files[i]}: ${e.message}`);
    }
  });
}

// Runs `host ARGS FILE...` over the texts; returns the JSON line printed for each.
function host_map_texts(host, args, texts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noticeboard-eval-'));
  try {
    const files = texts.map((text, i) => {
      const file = path.join(dir, `${i}.txt`);
      fs.writeFileSync(file, text);
      return file;
    });
    const results = [];
    for (let i = 0; i < files.length; i += BATCH) {
      results.push(...host_run_batch(host, args, files.slice(i, i + BATCH)));
    }
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// texts: array of strings. options: { pack, spelling }. Returns one warnings array per text.
function host_check_texts(host, texts, options) {
  const args = ['check', '--json', '--pack', options.pack];
  if (!options.spelling) args.push('--no-spelling');
  return host_map_texts(host, args, texts).map((result) => result.warnings);
}

// Returns, per text, the words the host's word model reads in it.
function host_words_texts(host, texts) {
  return host_map_texts(host, ['words'], texts);
}

module.exports = { host_check_texts, host_words_texts };
