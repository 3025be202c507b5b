// Starts the host a manifest names, the way the browser does, and checks its reply to hello.
//
//   hello.js MANIFEST [ROOT]   ROOT is prefixed to the manifest's path (a staged DESTDIR)
//
// The deploy tests use it to prove an installed manifest really leads to a working host: the binary
// is started with the browser's arguments (Chrome: the extension's origin; Firefox: the manifest path
// and add-on id) and spoken to in native messaging frames (32-bit native-endian length, then JSON).
// Prints the reply; exits 1 with the reason unless it is a hello reply with the dictionary loaded.
'use strict';
const fs = require('fs');
const os = require('os');
const { spawn } = require('child_process');

const [manifestFile, root = ''] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const origin = (manifest.allowed_origins || [])[0];
const args = origin ? [origin] : [manifestFile, (manifest.allowed_extensions || [])[0]];
const child = spawn(root + manifest.path, args, { stdio: ['pipe', 'pipe', 'inherit'] });

const body = Buffer.from(JSON.stringify({ type: 'hello', id: 1 }));
const header = Buffer.alloc(4);
header[`writeUInt32${os.endianness()}`](body.length);
// A host that dies before reading is reported by the missing reply below, not by a crash here.
child.stdin.on('error', () => {});
child.stdin.write(Buffer.concat([header, body]));
child.stdin.end();

const chunks = [];
child.stdout.on('data', (c) => chunks.push(c));
const timer = setTimeout(() => { console.log('no reply within 10 s'); child.kill(); process.exit(1); }, 10000);
child.on('error', (err) => { console.log(`cannot start ${root + manifest.path}: ${err.message}`); process.exit(1); });
child.on('close', () => {
  clearTimeout(timer);
  const out = Buffer.concat(chunks);
  const length = out.length >= 4 ? out[`readUInt32${os.endianness()}`](0) : 0;
  if (out.length < 4 || out.length < 4 + length) {
    console.log(`no complete frame on standard output (${out.length} bytes)`);
    process.exit(1);
  }
  const text = out.subarray(4, 4 + length).toString('utf8');
  console.log(text);
  let reply = {};
  try { reply = JSON.parse(text); } catch (err) { console.log(`not JSON: ${err.message}`); }
  if (reply.type !== 'hello' || reply.id !== 1) process.exit(1);
  if (!reply.dictionary || reply.dictionary.loaded !== true) {
    console.log(`no dictionary loaded: ${reply.dictionary_error || 'no reason given'}`);
    process.exit(1);
  }
});
