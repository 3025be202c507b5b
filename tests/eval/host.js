// Runs the real host binary's command-line checker over many posts and returns its warnings.
//
// `noticeboard-host check --json FILE...` prints one {"warnings":[...]} line per file, in order, so
// posts are written to a private temporary directory (removed afterwards, even on error) and passed
// in batches, which keeps eleven thousand Brown pieces to a few dozen processes. Any error from the
// host (exit status 2, or a line count that does not match) stops the evaluation: a post that was
// not checked must never be counted as a clean one.

'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const BATCH = 400;

function host_run_batch(host, args, files) {
  const run = spawnSync(host, ['check', '--json', ...args, ...files], {
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
      return JSON.parse(line).warnings;
    } catch (e) {
      throw new Error(`${host} printed a line that is not JSON for ${files[i]}: ${e.message}`);
    }
  });
}

// texts: array of strings. options: { pack, spelling }. Returns one warnings array per text.
function host_check_texts(host, texts, options) {
  const args = ['--pack', options.pack];
  if (!options.spelling) args.push('--no-spelling');
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

module.exports = { host_check_texts };
