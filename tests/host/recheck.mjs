// recheck.mjs: a post checked again after each of many edits gets the warnings a check from scratch gets.
//
// Usage: node tests/host/recheck.mjs build/noticeboard-host
// One host, spoken to in real native-messaging frames, checks a long post (corpus posts joined, with
// line breaks and without, with NHS numbers, names, dates, phone numbers and an email address among
// them) and then the same post after each edit of a long cumulative series: single characters and
// short strings inserted, deleted and replaced at the start, in the middle, at the end and inside
// identifiers and the pack's patterns, words joined and split, line breaks, links and '@' added and
// taken away. The host
// keeps the previous post and redoes only what an edit touched; `check --json` in another process
// checks every version from scratch. Every reply's warnings must equal its version's, byte for byte.
// Prints one line per failure and a closing "recheck: N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frame, parseFrames } from './frames.mjs';

const host = process.argv[2] || 'build/noticeboard-host';
const CHROME = ['chrome-extension://bnalbfjhmnlchfmjgkalbiaphjodpaam/'];
const corpus = new URL('../corpus/development.jsonl', import.meta.url);
let passed = 0, failed = 0;

// A fixed generator, so a failure can be repeated; RECHECK_SEED=N runs another series of edits.
let seed = Number(process.env.RECHECK_SEED || 20261201);
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = (list) => list[Math.floor(random() * list.length)];

// Ten digits that pass the NHS mod-11 check.
function nhsNumber() {
  for (;;) {
    const d = Array.from({ length: 9 }, () => Math.floor(random() * 10));
    const sum = d.reduce((s, x, i) => s + x * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check === 10 || d.every((x) => x === d[0])) continue;
    const s = d.join('') + check;
    return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
  }
}

const identifiers = () => [
  `NHS no ${nhsNumber()}`, 'Mr. Smith Jones', 'Mrs Patel', 'dob 12/03/1987', 'born 4th of March 1990',
  'call 07700 900123', 'ring +44 (0) 20 7946 0958', 'email jo.bloggs@nhs.net', 'postcode SW1A 1AA', 'aged 84',
  'hospital number: AB123456', 'NI QQ 12 34 56 C', 'see https://example.org/ward?id=7 now',
  'can anyone swap my long day on the ward for the 14th', 'Bed 4', 'John Smith, 84,', 'thanks @jo_bloggs',
];

function basePost(posts, separator, chars) {
  const parts = [];
  let len = 0, i = 0;
  while (len < chars) {
    const piece = i % 4 === 3 ? pick(identifiers()) : posts[(i * 7) % posts.length];
    parts.push(piece);
    len += piece.length + 1;
    i++;
  }
  return parts.join(separator);
}

// Where edits go: the ends, the middle, anywhere, and next to (or inside) an identifier.
function place(text) {
  const near = [...text.matchAll(/[0-9]{3} [0-9]{3} [0-9]{4}|Mr\. Smith|12\/03\/1987|07700|jo\.bloggs@|SW1A|aged 84|swap my|14th|Smith, 84/g)];
  const r = random();
  if (r < 0.15) return 0;
  if (r < 0.35) return text.length;
  if (r < 0.5) return Math.floor(text.length / 2);
  if (r < 0.8 && near.length) {
    const m = pick(near);
    return m.index + Math.floor(random() * (m[0].length + 1));
  }
  return Math.floor(random() * (text.length + 1));
}

const insertions = ['a', 'x', ' ', '.', '\n', '7', '0', '-', '@', "'", '’', '😩', 'é', 'Mr. ', ' 943 476 5919 ',
  'born ', ' 1st Jan 2020', 'www.', 'https://', '#', 'cannot ', 'patient ', '. Bed 4', 'http://a.b/c ', '  '];

// An edit inside an emoji leaves half of it, which is no text: drop such halves.
const wellFormed = (text) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');

// One edit of text; returns the new text.
function edit(text, step) {
  return wellFormed(rawEdit(text, step));
}

function rawEdit(text, step) {
  // Typing at the end, letter by letter, as the bench does.
  if (step % 5 === 0) return text + pick(['e', 'd', ' ', 's', '.', '1']);
  const at = place(text);
  const kind = random();
  if (kind < 0.4) return text.slice(0, at) + pick(insertions) + text.slice(at);
  if (kind < 0.7) {
    const n = 1 + Math.floor(random() * (random() < 0.7 ? 1 : 12));
    return text.slice(0, at) + text.slice(at + n);
  }
  if (kind < 0.75) {   // a character for one whose UTF-8 ends in the same byte (é C3 A9, © C2 A9)
    const i = text.slice(at).search(/[é©]/);
    if (i >= 0) return text.slice(0, at + i) + (text[at + i] === 'é' ? '©' : 'é') + text.slice(at + i + 1);
    return text.slice(0, at) + 'é' + text.slice(at);
  }
  if (kind < 0.8) {   // join two words, or split one
    const space = text.indexOf(' ', at);
    if (space >= 0 && random() < 0.5) return text.slice(0, space) + text.slice(space + 1);
    return text.slice(0, at) + ' ' + text.slice(at);
  }
  const n = 1 + Math.floor(random() * 3);
  return text.slice(0, at) + pick(insertions) + text.slice(at + n);
}

function run(args, input) {
  return new Promise((resolve) => {
    const child = spawn(host, args);
    const stdout = [], stderr = [];
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    child.stdin.on('error', () => {});   // a host that dies is reported below, by its exit
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() }));
    if (input) child.stdin.end(input); else child.stdin.end();
  });
}

// The warnings `check --json` finds in each text, each from scratch.
async function fromScratch(texts, spelling, pack) {
  const dir = mkdtempSync(join(tmpdir(), 'nb-recheck-'));
  try {
    const files = texts.map((t, i) => {
      const f = join(dir, `${i}.txt`);
      writeFileSync(f, t);
      return f;
    });
    const r = await run(['check', '--json', '--pack', pack, ...(spelling ? [] : ['--no-spelling']), ...files]);
    if (r.signal || r.code > 1) throw new Error(`check --json failed (${r.signal || r.code}): ${r.stderr}`);
    return r.stdout.toString().trim().split('\n').map((line) => JSON.parse(line).warnings);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const posts = readFileSync(corpus, 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);

// Each series: its texts, checked one after another by one host, every one compared.
const series = [];
for (const [name, separator, chars] of [['one line', ' ', 20000], ['lines', '\n', 20000], ['short', ' ', 600]]) {
  let text = basePost(posts, separator, chars);
  const texts = [text];
  for (let step = 1; step <= 150; step++) {
    text = edit(text, step);
    texts.push(text);
  }
  series.push({ name, texts });
}
// A check of the same text again, of a wholly different text, of nothing, and back.
const last = series[0].texts.at(-1);
series.push({ name: 'switching', texts: [last, last, series[1].texts[10], '', last.slice(0, 5000), last] });

const requests = [{ type: 'hello', id: 'h' }];
const wanted = [];
for (const s of series) {
  s.texts.forEach((text, i) => {
    // Every seventh check without spelling, and every eleventh against another pack: what was kept
    // for one (spelling verdicts, roots, phrase and pattern matches) must not leak into the other.
    const spelling = i % 7 !== 6, pack = i % 11 === 10 ? 'uhl' : 'nhs';
    requests.push({ type: 'check', id: `${s.name} ${i}`, text, pack, ...(spelling ? {} : { options: { spelling: false } }) });
    wanted.push({ name: `${s.name}, version ${i}`, text, spelling, pack });
  });
}

const served = await run(CHROME, Buffer.concat(requests.map(frame)));
const replies = parseFrames(served.stdout).slice(1);
// Each kind of check from scratch in one process: the replies in the order of `wanted`.
const expectedReplies = new Array(wanted.length);
for (const spelling of [true, false]) {
  for (const pack of ['nhs', 'uhl']) {
    const which = wanted.map((w, i) => i).filter((i) => wanted[i].spelling === spelling && wanted[i].pack === pack);
    if (!which.length) continue;
    const found = await fromScratch(which.map((i) => wanted[i].text), spelling, pack);
    which.forEach((i, k) => { expectedReplies[i] = found[k]; });
  }
}
let differing = 0;
wanted.forEach((w, i) => {
  const reply = replies[i];
  const expected = expectedReplies[i];
  const got = reply && reply.type === 'result' ? JSON.stringify(reply.warnings) : `no result: ${JSON.stringify(reply)}`;
  if (reply && reply.truncated) {
    failed++;
    console.log(`FAIL ${w.name}: the reply was truncated, so it cannot be compared`);
  } else if (got === JSON.stringify(expected)) {
    passed++;
  } else {
    failed++;
    differing++;
    if (differing <= 5) {
      const a = reply.warnings || [], b = expected;
      const extra = a.filter((x) => !b.some((y) => JSON.stringify(x) === JSON.stringify(y)));
      const missing = b.filter((x) => !a.some((y) => JSON.stringify(x) === JSON.stringify(y)));
      const show = (list) => list.slice(0, 3).map((x) => `${x.rule} ${JSON.stringify(w.text.slice(x.start, x.end))}`).join(', ');
      console.log(`FAIL ${w.name}: re-check differs from a check from scratch; extra: ${show(extra)}; missing: ${show(missing)}`);
    }
  }
});
if (served.signal || served.code !== 0) {
  failed++;
  console.log(`FAIL the host exited with ${served.signal || served.code}: ${served.stderr}`);
}
console.log(`recheck: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
