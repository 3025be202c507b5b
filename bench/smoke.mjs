// Keeps `make bench` from rotting: runs the whole harness in its quick mode (a few iterations of every
// scenario, every engine) and checks that build/bench-quick.json is well formed with every row present.
// It never looks at how fast anything was: timing belongs to `make bench`, not to the tests.

import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import {ENGINES, TARGETS} from './report.mjs'

process.chdir(new URL('..', import.meta.url).pathname)
let passed = 0
let failed = 0
function check(ok, what) {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
}

const deps = spawnSync('make', ['-s', 'bench-deps', 'build/bench-driver'], {stdio: 'inherit'})
check(deps.status === 0, 'bench dependencies install and the driver builds')
const run = spawnSync('bench/run', ['--quick'], {encoding: 'utf8'})
const reasons = run.stdout.split('\n').filter((line) => /not measured:/.test(line)).join('; ')
check(run.status === 0, `bench/run --quick exits 0 (got ${run.status})${reasons ? `: ${reasons}` : ''}`)
check(/Side by side/.test(run.stdout) && /Targets/.test(run.stdout), 'bench/run prints both tables')

let report = null
try {
  report = JSON.parse(fs.readFileSync('build/bench-quick.json', 'utf8'))
} catch (error) {
  check(false, `build/bench-quick.json is JSON: ${error.message}`)
}
if (report) {
  check(report.quick === true, 'the report says it was a quick run')
  const stats = ['n', 'median_us', 'p95_us', 'p99_us', 'mean_us', 'max_us', 'per_s']
  const summary_ok = (s) => s && stats.every((k) => typeof s[k] === 'number' && s[k] >= 0) && s.n > 0
  for (const name of ENGINES) {
    const row = report.comparison.find((r) => r.engine === name)
    check(row && row.measured, `comparison has a measured row for ${name}`)
    const engine = report.engines[name]
    check(engine && summary_ok(engine.check_280) && summary_ok(engine.first_63k),
      `${name} has check_280 and first_63k summaries`)
    if (name !== 'host') check(row?.ratio && Object.values(row.ratio).every(Number.isFinite), `${name} has ratios to the host`)
  }
  const host = report.engines.host
  check(host && summary_ok(host.cold_start) && summary_ok(host.recheck_63k), 'host has cold_start and recheck_63k')
  for (const name of ['host', 'floor']) {
    check(summary_ok(report.engines[name]?.one_cpu?.check_280), `${name} has round trips measured on one CPU`)
  }
  check(host && ['per_s', 'rss_kb_first', 'rss_kb_last', 'rss_kb_repeat', 'peak_rss_kb'].every((k) => host.throughput?.[k] > 0),
    'host has throughput and memory samples')
  for (const target of TARGETS) {
    const row = report.targets.find((t) => t.id === target.id)
    const statuses = target.browser ? ['PASS', 'MISS', 'NOT MEASURED'] : ['PASS', 'MISS']
    check(row && statuses.includes(row.status) && row.target && row.what,
      `target ${target.id} has a row (${row?.status ?? 'missing'})`)
  }
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
