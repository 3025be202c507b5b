// Checks one native messaging host manifest: check-manifest.js FILE chromium|firefox EXPECTED_PATH.
//
// Used by the deploy tests on every manifest they install or unpack. Prints what is wrong, one line per
// problem, and exits 1 if anything is; the expectations are the fixed identities in docs/identity.md.
'use strict';
const fs = require('fs');

const [file, family, expectedPath] = process.argv.slice(2);
const problems = [];
let manifest;
try {
  manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (err) {
  console.log(`${file}: ${err.message}`);
  process.exit(1);
}
const expect = (cond, what) => { if (!cond) problems.push(what); };
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

expect(manifest.name === 'org.noticeboard.host', `name is ${JSON.stringify(manifest.name)}`);
expect(manifest.type === 'stdio', `type is ${JSON.stringify(manifest.type)}`);
expect(typeof manifest.description === 'string' && manifest.description.length > 0, 'no description');
expect(manifest.path === expectedPath, `path is ${JSON.stringify(manifest.path)}, expected ${JSON.stringify(expectedPath)}`);
if (family === 'firefox') {
  expect(same(manifest.allowed_extensions, ['noticeboard@noticeboard.org']),
    `allowed_extensions is ${JSON.stringify(manifest.allowed_extensions)}`);
  expect(!('allowed_origins' in manifest), 'a Firefox manifest with allowed_origins');
} else {
  expect(same(manifest.allowed_origins, ['chrome-extension://bnalbfjhmnlchfmjgkalbiaphjodpaam/']),
    `allowed_origins is ${JSON.stringify(manifest.allowed_origins)}`);
  expect(!('allowed_extensions' in manifest), 'a Chromium manifest with allowed_extensions');
}
problems.forEach((p) => console.log(`${file}: ${p}`));
process.exit(problems.length ? 1 : 0);
