// Turns one `make bench` run into the table people read and the JSON tools read (build/bench.json).
//
//   node bench/report.mjs RESULTS_DIR OUT_JSON [--quick]
//
// RESULTS_DIR holds one ENGINE.json per engine (bench-driver or baselines.mjs output) and, for an engine
// that failed, ENGINE.err with its reason. The in-browser latency comes from build/e2e-latency.json,
// which the real-browser suite writes; it is reported as not measured when that file is absent. Every
// target of the performance issue is one row with its target, what was measured and PASS or MISS.
// Exits 1 when an engine could not be measured, so a broken harness never looks like a clean run.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const ENGINES = ['host', 'floor', 'alex', 'nspell', 'hunspell']
// Round trips measured again with driver and host on one CPU (taskset): no idle CPU is woken per message.
// Each result file goes to the engine it measures again, as its `one_cpu`.
export const ONE_CPU = {'host-one-cpu': 'host', 'floor-one-cpu': 'floor'}
const E2E_LATENCY = 'build/e2e-latency.json'
const MEMORY_GROWTH_LIMIT_KB = 1024

// Each target names the measurement it is judged on; `value` returns a number or undefined.
export const TARGETS = [
  {id: 'check_280_p50', what: 'check of a 280-character post, p50', limit: 100, unit: 'us',
    value: (h) => h.check_280?.median_us,
    also: (h, floor) => [cpu_note(h.check_280, 'a check'), own_note(h.check_280?.host_elapsed_median_us, ''),
      floor_note(floor?.check_280?.median_us), one_cpu_note(h, floor, 'median_us')].filter(Boolean).join('; ')},
  {id: 'check_280_p99', what: 'check of a 280-character post, p99', limit: 300, unit: 'us',
    value: (h) => h.check_280?.p99_us,
    also: (h, floor) => [`p95 ${time_format(h.check_280?.p95_us)}`, own_note(h.check_280?.host_elapsed_p99_us, ' p99'),
      floor_note(floor?.check_280?.p99_us), one_cpu_note(h, floor, 'p99_us')].filter(Boolean).join('; ')},
  {id: 'recheck_63k', what: 're-check of a 63,206-char post after a 1-char edit (median)', limit: 5000,
    unit: 'us', value: (h) => h.recheck_63k?.median_us,
    also: (h) => `p99 ${time_format(h.recheck_63k?.p99_us)}; ${cpu_note(h.recheck_63k, 'a re-check')}`},
  {id: 'first_63k', what: 'first check of a 63,206-character post (median)', limit: 25000, unit: 'us',
    value: (h) => h.first_63k?.median_us,
    also: (h) => `max ${time_format(h.first_63k?.max_us)}; ${cpu_note(h.first_63k, 'a check')}`},
  {id: 'cold_start', what: 'cold start: process start to first result (median)', limit: 60000, unit: 'us',
    value: (h) => h.cold_start?.median_us,
    also: (h) => `p99 ${time_format(h.cold_start?.p99_us)}; ${cpu_note(h.cold_start, 'a whole short-lived host')}`},
  {id: 'memory_10k', what: 'resident memory after 10,000 checks', limit: 30 * 1024, unit: 'kB',
    value: (h) => positive(h.throughput?.rss_kb_last),
    also: (h) => `after ${h.throughput?.checks} checks`},
  {id: 'memory_growth', what: 'memory growth over the same 10,000 posts again', limit: MEMORY_GROWTH_LIMIT_KB,
    unit: 'kB',
    value: (h) => positive(h.throughput?.rss_kb_repeat) !== undefined &&
      positive(h.throughput?.rss_kb_last) !== undefined ? h.throughput.rss_kb_repeat - h.throughput.rss_kb_last : undefined,
    also: (h) => `new vocabulary, check ${h.throughput?.rss_first_after} to ${h.throughput?.checks}: ` +
      `${kb_format(h.throughput?.rss_kb_first)} -> ${kb_format(h.throughput?.rss_kb_last)}`},
  // One core's worth: the host is single-threaded, so checks per second of its own CPU time is what one
  // core sustains; wall-clock checks per second on two shared cores also counts the driver and the load.
  // Where the kernel does not show a process's CPU time (no schedstat), or a run is too short to register
  // any, the wall-clock rate stands in: it can only understate what one core sustains.
  {id: 'throughput', what: 'throughput of 280-character posts, one core', limit: 5000, unit: '/s',
    at_least: true, value: (h) => h.throughput?.per_cpu_s ?? h.throughput?.per_s,
    also: (h) => typeof h.throughput?.per_cpu_s === 'number'
      ? `checks per host CPU-second; wall clock ${rate_format(h.throughput?.per_s)}/s, pipelined`
      : 'wall clock, pipelined: host CPU time not readable in this run'},
  {id: 'browser_p50', what: 'in Chromium: debounce to underline painted, median', limit: 16000, unit: 'us',
    browser: true, value: (b) => b?.median_us, also: (b) => `${b.samples} samples, make e2e-latency`},
  {id: 'browser_p95', what: 'in Chromium: debounce to underline painted, p95', limit: 16000, unit: 'us',
    browser: true, value: (b) => b?.p95_us},
]

// The host's own CPU time barely moves with the machine's load, unlike wall-clock latency.
function cpu_note(summary, per) {
  const cpu = summary?.host_cpu_us_per_check
  return typeof cpu === 'number' ? `host CPU ${time_format(cpu)} ${per}` : 'host CPU not measured'
}

// The host's own time for a check (the `elapsed_us` of its replies), to tell its work from the pipes'.
function own_note(us, which) {
  return typeof us === 'number' ? `the host's own elapsed_us${which} ${time_format(us)}` : ''
}

// A round trip can be no faster than the pipes and wake-ups: the floor row measures those alone.
function floor_note(us) {
  return typeof us === 'number' ? `a process that answers without checking: ${time_format(us)}` : ''
}

function one_cpu_note(host, floor, figure) {
  const h = host.one_cpu?.check_280?.[figure]
  const f = floor?.one_cpu?.check_280?.[figure]
  if (typeof h !== 'number') return ''
  return `on one CPU ${time_format(h)}${typeof f === 'number' ? ` (that process ${time_format(f)})` : ''}`
}

function positive(n) {
  return typeof n === 'number' && n >= 0 ? n : undefined
}

function time_format(us) {
  if (typeof us !== 'number') return '-'
  if (us < 1000) return `${us.toFixed(0)} us`
  if (us < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)} ms`
  return `${(us / 1e6).toFixed(2)} s`
}

function kb_format(kb) {
  if (typeof kb !== 'number') return '-'
  return Math.abs(kb) < 1024 ? `${kb} kB` : `${(kb / 1024).toFixed(1)} MB`
}

function rate_format(per_s) {
  if (typeof per_s !== 'number') return '-'
  return per_s >= 100 ? `${Math.round(per_s)}` : per_s.toFixed(1)
}

function ratio_format(ratio) {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) return '-'
  if (ratio >= 10) return `${Math.round(ratio)}x`
  return ratio >= 1 ? `${ratio.toFixed(1)}x` : `${Number(ratio.toPrecision(2))}x`
}

function value_format(value, unit) {
  if (unit === 'us') return time_format(value)
  if (unit === 'kB') return kb_format(value)
  return `${rate_format(value)}/s`
}

// How far a missed target is from its limit, in the terms that read naturally for it.
function miss_format(row) {
  if (!row.miss_by) return ''
  if (row.target.startsWith('>=')) return `${((1 - 1 / row.miss_by) * 100).toFixed(1)}% short`
  return `${row.miss_by.toFixed(1)}x the limit`
}

function machine_describe(dir) {
  const start_file = path.join(dir, 'load-start.txt')
  const start = fs.existsSync(start_file) ? Number(fs.readFileSync(start_file, 'utf8')) : null
  return {cpus: os.cpus().length, load_start: start, load_end: os.loadavg()[0]}
}

function engines_read(dir) {
  const engines = {}
  const errors = {}
  for (const name of [...ENGINES, ...Object.keys(ONE_CPU)]) {
    const file = path.join(dir, `${name}.json`)
    const error_file = path.join(dir, `${name}.err`)
    try {
      engines[name] = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch {
      const reason = fs.existsSync(error_file) ? fs.readFileSync(error_file, 'utf8').trim().split('\n').join('; ') : ''
      errors[name] = reason || `no results in ${file}`
      engines[name] = null
    }
  }
  for (const [name, of] of Object.entries(ONE_CPU)) {
    if (engines[of] && engines[name]) engines[of].one_cpu = engines[name]
    delete engines[name]
  }
  return {engines, errors}
}

// The browser suite owns the file's shape; accept milliseconds or microseconds, at the top level or
// one level down, so a renamed wrapper does not silently drop the row.
function browser_read(file, dir) {
  const log = path.join(dir, 'browser.err')
  if (!fs.existsSync(file)) {
    const reason = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').at(-1) : ''
    return {error: `not measured in this run${reason ? `: ${reason}` : ''}`}
  }
  let data
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    return {error: `${file} is not JSON: ${error.message}`}
  }
  const candidates = [data, ...Object.values(data).filter((v) => v && typeof v === 'object')]
  for (const c of candidates) {
    const median = c.median_ms ?? c.p50_ms ?? (c.median_us ?? c.p50_us) / 1000
    const p95 = c.p95_ms ?? c.p95_us / 1000
    if (Number.isFinite(median) && Number.isFinite(p95)) {
      return {median_us: median * 1000, p95_us: p95 * 1000, samples: c.samples ?? c.n ?? null,
        file, written: fs.statSync(file).mtime.toISOString()}
    }
  }
  return {error: `${file} has no median_ms/p95_ms`}
}

function targets_judge(host, floor, browser) {
  return TARGETS.map((t) => {
    const source = t.browser ? browser : host
    const value = source && !source.error ? t.value(source) : undefined
    const row = {id: t.id, what: t.what, target: `${t.at_least ? '>=' : '<='} ${value_format(t.limit, t.unit)}`}
    if (typeof value !== 'number' || Number.isNaN(value)) {
      return {...row, measured: null, status: 'NOT MEASURED',
        note: t.browser ? (browser?.error ?? 'not measured in this run') : 'host not measured'}
    }
    const pass = t.at_least ? value >= t.limit : value <= t.limit
    return {...row, measured: value, unit: t.unit, shown: value_format(value, t.unit),
      note: t.also ? t.also(source, floor) : '', status: pass ? 'PASS' : 'MISS',
      miss_by: pass ? 0 : (t.at_least ? t.limit / value : value / t.limit)}
  })
}

// Engines the C driver measured report memory from their throughput run; the node ones, their own.
function engine_peak_kb(result) {
  return result.throughput?.peak_rss_kb ?? result.peak_rss_kb
}

// Every ratio is baseline / host: above 1 the baseline takes longer, uses more memory or, for posts/s,
// gets more done.
function comparison_make(engines) {
  const host = engines.host
  return ENGINES.map((name) => {
    const r = engines[name]
    if (!r) return {engine: name, measured: false}
    const row = {
      engine: name, name: r.engine, measured: true,
      median_us: r.check_280?.median_us, p99_us: r.check_280?.p99_us, per_s: r.check_280?.per_s,
      long_median_us: r.first_63k?.median_us, peak_rss_kb: engine_peak_kb(r),
    }
    if (name !== 'host' && host) {
      row.ratio = {
        median: row.median_us / host.check_280.median_us,
        p99: row.p99_us / host.check_280.p99_us,
        per_s: row.per_s / host.check_280.per_s,
        long_median: row.long_median_us / host.first_63k.median_us,
        peak_rss: row.peak_rss_kb / engine_peak_kb(host),
      }
    }
    return row
  })
}

// `align` has one letter a column: l for text, r for numbers.
function table_format(header, align, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
    .join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function report_print(report) {
  const out = []
  out.push(`noticeboard bench${report.quick ? ' (quick: a few iterations, numbers not meaningful)' : ''}, ${report.generated}`)
  out.push(`posts: ${report.posts}`)
  const m = report.machine
  out.push(`machine: ${m.cpus} CPUs, load average ${m.load_start ?? '?'} at the start, ${m.load_end.toFixed(2)} at the end`)
  if (Math.max(m.load_start ?? 0, m.load_end) > m.cpus) {
    out.push('  the machine was busy: wall-clock times are inflated; the host CPU times in the notes are not')
  }
  out.push('')
  out.push('Side by side (280-character posts checked one at a time; ratios are baseline / host)')
  out.push(table_format(
    ['engine', 'median', 'p99', 'posts/s', '63k post', 'peak RSS', 'median x', 'p99 x', 'posts/s x', '63k x', 'RSS x'],
    'lrrrrrrrrrr',
    report.comparison.map((r) => r.measured
      ? [r.engine, time_format(r.median_us), time_format(r.p99_us), rate_format(r.per_s), time_format(r.long_median_us),
        kb_format(r.peak_rss_kb), ...(r.ratio
          ? [r.ratio.median, r.ratio.p99, r.ratio.per_s, r.ratio.long_median, r.ratio.peak_rss].map(ratio_format)
          : Array(5).fill(r.engine === 'host' ? '1x' : '-'))]
      : [r.engine, 'not measured', '', '', '', '', '', '', '', '', ''])))
  for (const r of report.comparison.filter((r) => r.measured)) {
    out.push(`  ${r.engine}: ${r.name}${r.engine === 'floor' ? ' (answers at once, checks nothing: the pipes and wake-ups alone)' : ''}`)
  }
  out.push('')
  out.push('Targets (host warm, default pack, real frames over pipes)')
  out.push(table_format(['target', 'limit', 'measured', 'status', 'note'], 'lrrll',
    report.targets.map((t) => [t.what, t.target, t.shown ?? '-', t.status,
      [miss_format(t), t.note ?? ''].filter(Boolean).join('; ')])))
  for (const [engine, reason] of Object.entries(report.errors)) out.push(`${engine} not measured: ${reason}`)
  const passed = report.targets.filter((t) => t.status === 'PASS').length
  out.push('')
  out.push(`${passed} of ${report.targets.length} targets met; results in ${report.out}`)
  console.log(out.join('\n'))
}

function main() {
  const args = process.argv.slice(2)
  const quick = args.at(-1) === '--quick'
  if (quick) args.pop()
  if (args.length !== 2) {
    console.error('usage: node bench/report.mjs RESULTS_DIR OUT_JSON [--quick]')
    process.exit(2)
  }
  const [dir, out] = args
  const {engines, errors} = engines_read(dir)
  const browser = browser_read(E2E_LATENCY, dir)
  const posts_meta = path.join(dir, 'posts.txt')
  const report = {
    generated: new Date().toISOString(),
    quick,
    out,
    posts: fs.existsSync(posts_meta) ? fs.readFileSync(posts_meta, 'utf8').trim() : 'unknown',
    machine: machine_describe(dir),
    comparison: comparison_make(engines),
    targets: targets_judge(engines.host, engines.floor, browser),
    browser,
    engines,
    errors,
  }
  fs.mkdirSync(path.dirname(out), {recursive: true})
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
  report_print(report)
  process.exit(Object.keys(errors).length ? 1 : 0)
}

if (import.meta.url === `file://${process.argv[1]}`) main()
