// protocol.mjs: drives the real noticeboard-host through real pipes, as a browser would.
//
// Usage: node tests/host/protocol.mjs build/noticeboard-host
// Each test starts the host (with a chrome-extension:// origin, or Firefox's manifest path and
// extension id), writes native messaging frames to its stdin and reads frames from its stdout. The
// whole of stdout must parse as frames: anything else there would break the browser's port.
// With MEMCHECK=1 every host runs under valgrind and a leak or invalid access fails its test.
// Prints one line per failure and a closing "protocol: N passed, N failed".
import { spawn } from 'node:child_process';
import { MAX_REPLY, frame, parseFrames } from './frames.mjs';

const host = process.argv[2] || 'build/noticeboard-host';
const memcheck = process.env.MEMCHECK === '1';
const CHROME = ['chrome-extension://bnalbfjhmnlchfmjgkalbiaphjodpaam/'];
const FIREFOX = ['/usr/lib/mozilla/native-messaging-hosts/org.noticeboard.host.json', 'noticeboard@noticeboard.org'];
const SECRET = 'Zanzibar-private-marker';
let passed = 0, failed = 0;

// Runs the host with args, writes `input` (a Buffer) and closes stdin; resolves with what it did.
function run(args, input, { keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const cmd = memcheck ? 'valgrind' : host;
    const argv = memcheck
      ? ['-q', '--leak-check=full', '--errors-for-leak-kinds=definite,indirect', '--error-exitcode=99',
        `--suppressions=${new URL('valgrind.supp', import.meta.url).pathname}`, host, ...args]
      : args;
    const child = spawn(cmd, argv, { env: { ...process.env, NOTICEBOARD_FREE_AT_EXIT: '1' } });
    const stdout = [], stderr = [];
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    child.stdin.on('error', () => {});   // the host may close first, after a bad frame
    const timer = setTimeout(() => child.kill('SIGKILL'), memcheck ? 300000 : 20000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() });
    });
    child.stdin.write(input);
    if (!keepOpen) child.stdin.end();
  });
}

async function test(name, args, input, check) {
  try {
    const r = await run(args, input);
    if (r.signal) throw new Error(`host killed by ${r.signal} (crash or hang)`);
    if (r.code === 99 && memcheck) throw new Error(`valgrind found errors:\n${r.stderr}`);
    if (r.stderr.includes(SECRET)) throw new Error('post text leaked to stderr');
    const frames = parseFrames(r.stdout);
    await check(frames, r);
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

function expect(cond, what) { if (!cond) throw new Error(what); }
function expectError(reply, code, id) {
  expect(reply && reply.type === 'error', `expected an error reply, got ${JSON.stringify(reply).slice(0, 200)}`);
  expect(reply.code === code, `expected code ${code}, got ${reply.code}: ${reply.message}`);
  expect(typeof reply.message === 'string' && reply.message.length > 0, 'error has a message');
  if (id !== undefined) expect(reply.id === id, `error echoes id ${id}`);
}
const frames = (...messages) => Buffer.concat(messages.map(frame));
const hello = { type: 'hello', id: 'h' };
const expectHelloLast = (f) => expect(f.at(-1).type === 'hello', 'host kept serving after the error');

await test('hello (Chrome origin)', CHROME, frames({ type: 'hello', id: 1 }), ([r], { code }) => {
  expect(code === 0, `exit 0 at EOF, got ${code}`);
  expect(r.type === 'hello' && r.id === 1, 'hello reply with id');
  expect(r.protocol === 1 && typeof r.version === 'string', 'version and protocol');
  expect(r.packs.some((p) => p.id === r.active_pack), 'active pack is listed');
  expect(r.limits.max_reply_bytes === MAX_REPLY && r.limits.max_warnings > 0, 'limits');
  expect(r.dictionary === null ? typeof r.dictionary_error === 'string' : r.dictionary.loaded === true, 'dictionary');
});

await test('hello (Firefox manifest path and id)', FIREFOX, frames({ type: 'hello', id: 2 }), ([r], { code }) => {
  expect(code === 0 && r.type === 'hello' && r.id === 2, 'Firefox-style start serves frames');
});

const patient = 'Mrs Patel in bed 4, NHS no 943 476 5919, was discharged today';
await test('check round trip', CHROME, frames({ type: 'check', id: 7, text: patient, site: 'facebook.com' }), ([r]) => {
  expect(r.type === 'result' && r.id === 7 && r.truncated === false, 'result reply');
  expect(Number.isInteger(r.elapsed_us), 'elapsed_us');
  const pid = r.warnings.filter((w) => w.category === 'patient-identifiable');
  expect(pid.some((w) => patient.slice(w.start, w.end) === 'Mrs Patel'), 'name flagged');
  expect(pid.some((w) => patient.slice(w.start, w.end) === '943 476 5919'), 'NHS number flagged');
  for (const w of r.warnings) {
    expect(w.policy.section && w.policy.url && w.policy.pack === r.pack, 'policy section and url');
    expect(['error', 'warning', 'suggestion'].includes(w.severity) && Array.isArray(w.suggestions), 'fields');
  }
  const starts = r.warnings.map((w) => w.start);
  expect(starts.every((s, i) => i === 0 || starts[i - 1] <= s), 'sorted by start');
});

await test('checksum-failing number is no NHS number', CHROME,
  frames({ type: 'check', id: 8, text: patient.replace('5919', '5918') }), ([r]) => {
    expect(!r.warnings.some((w) => w.rule.includes('nhs-number')), 'no NHS-number warning');
  });

const emoji = '😀 café — Mrs Patel, NHS 943 476 5919';
await test('UTF-16 offsets with emoji and accents', CHROME, frames({ type: 'check', id: 9, text: emoji }), ([r]) => {
  expect(r.warnings.some((w) => emoji.slice(w.start, w.end) === '943 476 5919'), `offsets ${JSON.stringify(r.warnings.map((w) => [w.start, w.end]))}`);
});

await test('pack request', CHROME, frames({ type: 'pack', id: 10 }), ([r]) => {
  expect(r.type === 'pack' && r.id === 10 && r.pack.id, 'pack reply');
  expect(r.pack.sections.length > 0 && r.pack.sections.every((s) => s.number && s.title && s.url && 'summary' in s), 'sections');
  expect(r.pack.rules.every((x) => x.id && x.category && x.section), 'rules');
});

await test('suggest request', CHROME, frames(hello, { type: 'suggest', id: 11, word: 'recieve' }, { type: 'suggest', id: 12, word: '<?xml' }), ([h, r, x]) => {
  expect(r.type === 'suggestions' && r.id === 11 && r.word === 'recieve', 'suggestions reply');
  if (h.dictionary) expect(r.suggestions.includes('receive'), `receive suggested: ${r.suggestions}`);
  expect(x.type === 'suggestions' && x.suggestions.length === 0, 'markup never reaches the dictionary');
});

await test('spelling on, then off by option', CHROME, frames(
  { type: 'check', id: 1, text: 'I recieved it' },
  { type: 'check', id: 2, text: 'I recieved it', options: { spelling: false } },
  { type: 'check', id: 3, text: 'I recieved it', options: { disabled_categories: ['spelling'] } }), ([a, b, c]) => {
  expect(b.warnings.length === 0 && c.warnings.length === 0, 'spelling can be turned off');
  if (a.warnings.length) expect(a.warnings[0].category === 'spelling' && a.warnings[0].start === 2 && a.warnings[0].end === 10, 'spelling span');
});

await test('a check before the dictionary has loaded says spelling is pending; after hello it is done', CHROME, frames(
  { type: 'check', id: 1, text: 'I recieved it at 943 476 5919' }, hello,
  { type: 'check', id: 2, text: 'I recieved it at 943 476 5919' }), ([a, h, b]) => {
  const spelt = (r) => r.warnings.some((w) => w.category === 'spelling');
  expect(a.spelling === 'pending' ? !spelt(a) : a.spelling === undefined, `pending means no spelling yet: ${a.spelling}`);
  expect(a.warnings.some((w) => w.category !== 'spelling'), 'rules answer without the dictionary');
  expect(b.spelling === undefined, 'hello waits for the dictionary, so the next check is complete');
  if (h.dictionary) expect(spelt(b), 'spelling once the dictionary has loaded');
});

await test('unknown type keeps serving', CHROME, frames({ type: 'dance', id: 3 }, hello), (f) => {
  expectError(f[0], 'bad-request', 3); expectHelloLast(f);
});
await test('no type', CHROME, frames({ id: 4 }, hello), (f) => { expectError(f[0], 'bad-request', 4); expectHelloLast(f); });
await test('not an object', CHROME, frames([1, 2], hello), (f) => { expectError(f[0], 'bad-request'); expectHelloLast(f); });
await test('invalid JSON', CHROME, frames(Buffer.from('{"type":"check",'), hello), (f) => { expectError(f[0], 'bad-json'); expectHelloLast(f); });
await test('invalid UTF-8 in the frame', CHROME, frames(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), hello), (f) => {
  expectError(f[0], 'bad-json'); expectHelloLast(f);
});
await test('NUL byte outside a string', CHROME, frames(Buffer.from('{"type":"hello"}\0'), hello), (f) => {
  expectError(f[0], 'bad-json'); expectHelloLast(f);
});
await test('wrong types', CHROME, frames({ type: 'check', id: 5, text: 42 }, { type: 'check', id: 6, text: 'x', pack: 3 },
  { type: 'check', id: 7, text: 'x', options: 'no' }, { type: 'suggest', id: 8, word: null }, hello), (f) => {
  expectError(f[0], 'bad-request', 5); expectError(f[1], 'bad-request', 6);
  expectError(f[2], 'bad-request', 7); expectError(f[3], 'bad-request', 8); expectHelloLast(f);
});
await test('unknown pack', CHROME, frames({ type: 'check', id: 9, text: 'x', pack: 'nope' }, { type: 'pack', id: 10, pack: '/etc/passwd' }, hello), (f) => {
  expectError(f[0], 'unknown-pack', 9); expectError(f[1], 'unknown-pack', 10); expectHelloLast(f);
});
await test('NUL bytes and empty text', CHROME, frames({ type: 'check', id: 1, text: `a\u0000b ${SECRET}` }, { type: 'check', id: 2, text: '' }), ([a, b]) => {
  expect(a.type === 'result' && b.type === 'result' && b.warnings.length === 0, 'both checked');
});
await test('text over max_text_bytes', CHROME, frames({ type: 'check', id: 3, text: 'a '.repeat(1100000) }, hello), (f) => {
  expectError(f[0], 'too-large', 3); expectHelloLast(f);
});

const big = (`${SECRET} the patient in bed 4 was discharged, NHS 943 476 5919. `).repeat(16000).slice(0, 1000000);
await test('a 1 MB text: reply under 1 MB, truncated', CHROME, frames({ type: 'check', id: 4, text: big }), ([r], { stdout }) => {
  expect(r.type === 'result' && r.truncated === true, 'truncated result');
  expect(stdout.length - 4 <= MAX_REPLY, `reply is ${stdout.length} bytes`);
  expect(r.warnings.length <= 500, 'at most max_warnings');
});
await test('a 10,000-letter word', CHROME, frames({ type: 'check', id: 5, text: `x ${'a'.repeat(10000)} y` }), ([r]) => {
  expect(r.type === 'result' && r.warnings.every((w) => w.end - w.start < 10000), 'checked without flagging the junk word');
});
await test('pathological pattern input', CHROME, frames({ type: 'check', id: 6, text: `${'a'.repeat(5000)}!` }), ([r]) => {
  expect(r.type === 'result', 'answered');
});

await test('oversize length: error frame, exit 1', CHROME, Buffer.from([0xf0, 0xff, 0xff, 0xff, 0x7b]), ([r], { code }) => {
  expectError(r, 'bad-frame'); expect(code === 1, `exit 1, got ${code}`);
});
const cut = frame({ type: 'check', id: 1, text: SECRET }).subarray(0, 20);
await test('truncated frame: error frame, exit 1', CHROME, cut, ([r], { code }) => {
  expectError(r, 'bad-frame'); expect(code === 1, `exit 1, got ${code}`);
});
await test('truncated length: error frame, exit 1', CHROME, Buffer.from([0x05, 0x00]), ([r], { code }) => {
  expectError(r, 'bad-frame'); expect(code === 1, `exit 1, got ${code}`);
});
await test('EOF at once: exit 0, no output', CHROME, Buffer.alloc(0), (f, { code }) => {
  expect(code === 0 && f.length === 0, `exit ${code}, ${f.length} frames`);
});
await test('many requests in order', FIREFOX, frames(...Array.from({ length: 50 }, (_, i) => ({ type: 'check', id: i, text: `shift ${i}` }))), (f) => {
  expect(f.length === 50 && f.every((r, i) => r.id === i && r.type === 'result'), 'every request answered in order');
});

console.log(`protocol${memcheck ? ' (valgrind)' : ''}: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
