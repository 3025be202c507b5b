// The npm baselines of `make bench`, each measured warm in its own node process on the host's posts.
//
//   node bench/baselines.mjs alex|nspell POSTS_280 POSTS_63K [--quick]
//
// alex is the best-known open-source checker for insensitive language; nspell with dictionary-en-gb is
// the spell checker an extension-only design would have to run inside the browser. Both are loaded and
// warmed first (as a long-lived extension page would be), then every post is timed on its own with a
// monotonic clock. Peak memory is this process's VmHWM, node itself included, as the browser would pay
// it. Prints one JSON object shaped like bench-driver's, for bench/report.mjs.

import fs from 'node:fs'
import {posts_read} from './posts.mjs'

const SIZES = {
  full: {warmup: 20, alex_short: 300, nspell_short: 2000, alex_long: 1, nspell_long: 3},
  quick: {warmup: 2, alex_short: 3, nspell_short: 3, alex_long: 1, nspell_long: 1},
}

const WORD = /[\p{L}\p{M}'’]+/gu

async function alex_load() {
  const {text} = await import('alex')
  return (post) => text(post).messages.length
}

async function nspell_load() {
  const {default: nspell} = await import('nspell')
  const {default: dictionary} = await import('dictionary-en-gb')
  const speller = nspell(dictionary)
  return (post) => {
    let misspelled = 0
    for (const [word] of post.matchAll(WORD)) if (!speller.correct(word)) misspelled++
    return misspelled
  }
}

const ENGINES = {
  alex: {name: 'alex (npm, warm process)', load: alex_load, short: 'alex_short', long: 'alex_long'},
  nspell: {name: 'nspell + dictionary-en-gb (npm, warm process)', load: nspell_load,
    short: 'nspell_short', long: 'nspell_long'},
}

function percentile(sorted, fraction) {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)))
  return sorted[rank - 1]
}

// Same fields and same nearest-rank percentiles as bench/stats.c, so the table compares like with like.
function summary(samples_us, wall_us) {
  const sorted = [...samples_us].sort((a, b) => a - b)
  const sum = sorted.reduce((a, b) => a + b, 0)
  return {
    n: sorted.length,
    median_us: percentile(sorted, 0.5),
    p95_us: percentile(sorted, 0.95),
    p99_us: percentile(sorted, 0.99),
    mean_us: sum / sorted.length,
    max_us: sorted[sorted.length - 1],
    per_s: (sorted.length * 1e6) / wall_us,
  }
}

function check_each(check, posts, count) {
  const samples = []
  const wall_start = process.hrtime.bigint()
  for (const post of posts.slice(0, count)) {
    const start = process.hrtime.bigint()
    check(post)
    samples.push(Number(process.hrtime.bigint() - start) / 1000)
  }
  return summary(samples, Number(process.hrtime.bigint() - wall_start) / 1000)
}

function peak_rss_kb() {
  const match = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))
  return match ? Number(match[1]) : Math.round(process.resourceUsage().maxRSS)
}

async function main() {
  const args = process.argv.slice(2)
  const quick = args.at(-1) === '--quick'
  if (quick) args.pop()
  const engine = ENGINES[args[0]]
  if (!engine || args.length !== 3) {
    console.error('usage: node bench/baselines.mjs alex|nspell POSTS_280 POSTS_63K [--quick]')
    process.exit(2)
  }
  const sizes = SIZES[quick ? 'quick' : 'full']
  const short_posts = posts_read(args[1])
  const long_posts = posts_read(args[2])

  const load_start = process.hrtime.bigint()
  const check = await engine.load()
  const load_ms = Number(process.hrtime.bigint() - load_start) / 1e6
  // Warm up on the last posts, then time posts the checker has not seen, as the host driver does.
  for (const post of short_posts.slice(-sizes.warmup)) check(post)

  const result = {
    engine: engine.name,
    load_ms,
    check_280: check_each(check, short_posts, sizes[engine.short]),
    first_63k: check_each(check, long_posts, sizes[engine.long]),
    peak_rss_kb: peak_rss_kb(),
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n')
}

main().catch((error) => {
  console.error(`bench baselines: ${error.message}`)
  process.exit(1)
})
