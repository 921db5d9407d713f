// Pretrained word vectors, memory-mapped and validated (format: include/kgls/word_vectors.hpp;
// the file is made by server/similarity/word-vectors/convert.js).
//
// The whole file is checked at open, checksum included, so a damaged file is refused before
// any lookup rather than giving wrong neighbours later. Measured on the real file (341,479
// words x 100 dims, 140,539,888 bytes, in the page cache; 2 shared cores, -O2): byte-wise
// FNV-1a 64 took 156-182 ms, too slow for every start, hence KGLS-MX64 (8 bytes at a time
// in 4 independent lanes, so the multiplies overlap): 12-18 ms for the hash; the whole open
// (mmap, checks, checksum, page faults) 16 ms typical, 60-83 ms seen while other builds ran
// (WordVectors.RealFileKnowsCarsFromBananas prints it). A file not in the page cache costs
// its read from disk on top, which the lookups would pay anyway.
#include "kgls/word_vectors.hpp"
#include "kgls/support/hash.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <system_error>

namespace kgls {

static_assert(std::endian::native == std::endian::little,
              "the word-vectors file is little-endian and read in place");

namespace {

constexpr size_t kHeaderSize = 64;
constexpr char kMagic[8] = {'K', 'G', 'L', 'S', 'W', 'V', '0', '1'};
constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kLaneSeed = 0xCBF29CE484222325ull;
constexpr const char* kFileName = "word-vectors-100d.bin";

struct Header {
  uint32_t dims = 0;
  uint32_t count = 0;
  uint64_t words_offset = 0;
  uint64_t vectors_offset = 0;
  uint64_t file_size = 0;
  uint64_t checksum = 0;
};

template <typename T>
T load(const unsigned char* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

template <typename T>
void store(unsigned char* p, T value) {
  std::memcpy(p, &value, sizeof value);
}

inline uint64_t mix(uint64_t h, uint64_t word) {
  h = (h ^ word) * kMultiplier;
  return h ^ (h >> 32);
}

std::string problem_notice(const std::filesystem::path& path, const std::string& problem) {
  return "word vectors: " + path.string() + ": " + problem + "; similarity is lexical only";
}

// The file descriptor and mapping of an open in progress, released on every early return.
struct Mapping {
  int fd = -1;
  void* addr = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (addr != MAP_FAILED) ::munmap(addr, size);
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

uint64_t word_vectors_checksum(std::span<const unsigned char> bytes) {
  uint64_t lane[4] = {kLaneSeed, kLaneSeed + 1, kLaneSeed + 2, kLaneSeed + 3};
  const unsigned char* p = bytes.data();
  const size_t words = bytes.size() / 8;
  size_t i = 0;
  for (; i + 4 <= words; i += 4) {
    lane[0] = mix(lane[0], load<uint64_t>(p + 8 * i));
    lane[1] = mix(lane[1], load<uint64_t>(p + 8 * i + 8));
    lane[2] = mix(lane[2], load<uint64_t>(p + 8 * i + 16));
    lane[3] = mix(lane[3], load<uint64_t>(p + 8 * i + 24));
  }
  for (; i < words; ++i) lane[i & 3] = mix(lane[i & 3], load<uint64_t>(p + 8 * i));
  if (const size_t tail = bytes.size() % 8; tail != 0) {
    uint64_t last = 0;
    std::memcpy(&last, p + 8 * words, tail);
    lane[words & 3] = mix(lane[words & 3], last);
  }
  uint64_t r = bytes.size();
  for (uint64_t h : lane) r = mix(r, h);
  return r;
}

std::shared_ptr<const WordVectors> WordVectors::open(const std::filesystem::path& path, uint32_t expected_dims,
                                                     std::string& notice) {
  notice.clear();
  auto refuse = [&](const std::string& problem) {
    notice = problem_notice(path, problem);
    return std::shared_ptr<const WordVectors>();
  };

  Mapping m;
  m.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (m.fd < 0) {
    const int err = errno;
    if (err == ENOENT) return refuse("not found");
    return refuse("cannot open (" + std::generic_category().message(err) + ")");
  }
  struct stat st {};
  if (::fstat(m.fd, &st) != 0) return refuse("cannot read (" + std::generic_category().message(errno) + ")");
  if (!S_ISREG(st.st_mode)) return refuse("not a regular file");
  const uint64_t actual_size = static_cast<uint64_t>(st.st_size);
  if (actual_size < kHeaderSize)
    return refuse("truncated (" + std::to_string(actual_size) + " bytes, shorter than the " +
                  std::to_string(kHeaderSize) + "-byte header)");

  m.size = static_cast<size_t>(actual_size);
  m.addr = ::mmap(nullptr, m.size, PROT_READ, MAP_PRIVATE, m.fd, 0);
  if (m.addr == MAP_FAILED) return refuse("cannot map (" + std::generic_category().message(errno) + ")");
  const auto* base = static_cast<const unsigned char*>(m.addr);

  if (std::memcmp(base, kMagic, 6) != 0) return refuse("not a kgls word-vectors file (wrong magic)");
  if (std::memcmp(base, kMagic, sizeof kMagic) != 0)
    return refuse("unsupported version " + std::string(reinterpret_cast<const char*>(base), 8) +
                  " (this kgls reads " + std::string(kMagic, sizeof kMagic) + ")");

  Header h;
  h.dims = load<uint32_t>(base + 8);
  h.count = load<uint32_t>(base + 12);
  h.words_offset = load<uint64_t>(base + 16);
  h.vectors_offset = load<uint64_t>(base + 24);
  h.file_size = load<uint64_t>(base + 32);
  h.checksum = load<uint64_t>(base + 40);

  if (actual_size < h.file_size)
    return refuse("truncated (" + std::to_string(actual_size) + " of " + std::to_string(h.file_size) + " bytes)");
  if (actual_size > h.file_size)
    return refuse("wrong size (" + std::to_string(actual_size) + " bytes, the header says " +
                  std::to_string(h.file_size) + ")");
  if (h.dims == 0) return refuse("bad header (0 dimensions)");
  if (expected_dims != 0 && h.dims != expected_dims)
    return refuse("wrong width (" + std::to_string(h.dims) + " dimensions, expected " +
                  std::to_string(expected_dims) + ")");
  for (size_t i = 48; i < kHeaderSize; ++i)
    if (base[i] != 0) return refuse("bad header (reserved bytes are not zero)");

  // Sizes and offsets, in 64-bit arithmetic that cannot overflow: each term is checked
  // against the file size before it is added.
  const uint64_t size = h.file_size;
  const uint64_t table_bytes = 4 * (uint64_t{h.count} + 1);
  const bool words_ok = h.words_offset >= kHeaderSize && h.words_offset % 4 == 0 && h.words_offset <= size &&
                        table_bytes <= size - h.words_offset && h.vectors_offset <= size &&
                        h.words_offset + table_bytes <= h.vectors_offset;
  if (!words_ok) return refuse("offsets out of range (words table)");
  const uint64_t row_bytes = 4 * uint64_t{h.dims};
  const bool vectors_ok = h.vectors_offset % 64 == 0 &&
                          (h.count == 0 || (size - h.vectors_offset) / row_bytes >= h.count) &&
                          h.vectors_offset + row_bytes * h.count == size;
  if (!vectors_ok) return refuse("offsets out of range (vectors)");

  const uint64_t computed = word_vectors_checksum({base + kHeaderSize, m.size - kHeaderSize});
  if (computed != h.checksum)
    return refuse("checksum mismatch (stored " + hex64(h.checksum) + ", computed " + hex64(computed) +
                  "): the file is damaged");

  // The table, which the writer made; checked after the checksum, so a damaged file is
  // reported as damaged and these only catch a faulty writer.
  const auto* offsets = reinterpret_cast<const uint32_t*>(base + h.words_offset);
  const uint64_t blob_offset = h.words_offset + table_bytes;
  const uint64_t blob_capacity = h.vectors_offset - blob_offset;
  if (offsets[0] != 0 || offsets[h.count] > blob_capacity) return refuse("offsets out of range (words blob)");
  const auto* blob = reinterpret_cast<const char*>(base + blob_offset);
  for (uint32_t i = 0; i < h.count; ++i) {
    if (offsets[i + 1] < offsets[i]) return refuse("offsets out of range (words table not increasing)");
    if (i > 0) {
      const std::string_view prev(blob + offsets[i - 1], offsets[i] - offsets[i - 1]);
      const std::string_view cur(blob + offsets[i], offsets[i + 1] - offsets[i]);
      if (!(prev < cur)) return refuse("words not sorted or repeated (word " + std::to_string(i) + ")");
    }
  }

  std::shared_ptr<WordVectors> wv(new WordVectors());
  wv->map_ = base;
  wv->map_size_ = m.size;
  wv->dims_ = h.dims;
  wv->count_ = h.count;
  wv->offsets_ = offsets;
  wv->blob_ = blob;
  wv->vectors_ = reinterpret_cast<const float*>(base + h.vectors_offset);
  m.addr = MAP_FAILED;  // owned by `wv` now; the descriptor is not needed once mapped
  return wv;
}

WordVectors::~WordVectors() {
  if (map_ != nullptr) ::munmap(const_cast<unsigned char*>(map_), map_size_);
}

std::string_view WordVectors::word_at(size_t i) const {
  return {blob_ + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
}

const float* WordVectors::find(std::string_view word) const {
  // std::string_view compares as unsigned bytes, the order the words are sorted in.
  size_t lo = 0;
  size_t hi = count_;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int c = word_at(mid).compare(word);
    if (c == 0) return vectors_ + mid * dims_;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return nullptr;
}

std::filesystem::path WordVectors::default_path() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("KGLS_WORD_VECTORS"); env != nullptr && *env != '\0') {
    if (fs::exists(env, ec)) return fs::path(env);
  }
  fs::path exe_dir;
  if (fs::path exe = fs::read_symlink("/proc/self/exe", ec); !ec) exe_dir = exe.parent_path();
  const fs::path beside = exe_dir / "share" / "kgls" / kFileName;
  if (fs::exists(beside, ec)) return beside;
  const fs::path above = exe_dir / ".." / "share" / "kgls" / kFileName;
  if (fs::exists(above, ec)) return above.lexically_normal();
  return beside;
}

void write_word_vectors(const std::filesystem::path& path, const std::vector<std::string>& words,
                        const std::vector<std::vector<float>>& vectors) {
  if (words.size() != vectors.size())
    throw std::invalid_argument("write_word_vectors: " + std::to_string(words.size()) + " words but " +
                                std::to_string(vectors.size()) + " vectors");
  if (words.empty()) throw std::invalid_argument("write_word_vectors: no words");
  const size_t dims = vectors.front().size();
  if (dims == 0 || dims > UINT32_MAX) throw std::invalid_argument("write_word_vectors: bad width");

  struct Row {
    std::string_view word;
    const std::vector<float>* vector;
    double norm;
  };
  std::vector<Row> rows;
  rows.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].empty()) throw std::invalid_argument("write_word_vectors: an empty word");
    if (vectors[i].size() != dims)
      throw std::invalid_argument("write_word_vectors: \"" + words[i] + "\" has " + std::to_string(vectors[i].size()) +
                                  " dimensions, not " + std::to_string(dims));
    double sum = 0;
    for (float x : vectors[i]) sum += double{x} * double{x};
    if (sum == 0) continue;  // no direction: dropped, as convert.js does
    rows.push_back({words[i], &vectors[i], std::sqrt(sum)});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.word < b.word; });
  for (size_t i = 1; i < rows.size(); ++i)
    if (rows[i - 1].word == rows[i].word)
      throw std::invalid_argument("write_word_vectors: \"" + std::string(rows[i].word) + "\" appears twice");

  const size_t count = rows.size();
  size_t blob_size = 0;
  for (const Row& r : rows) blob_size += r.word.size();
  if (count >= UINT32_MAX || blob_size > UINT32_MAX) throw std::invalid_argument("write_word_vectors: too large");
  const size_t words_offset = kHeaderSize;
  const size_t blob_offset = words_offset + 4 * (count + 1);
  const size_t vectors_offset = (blob_offset + blob_size + 63) / 64 * 64;
  const size_t file_size = vectors_offset + 4 * count * dims;

  std::vector<unsigned char> file(file_size, 0);
  size_t at = 0;
  for (size_t i = 0; i < count; ++i) {
    store<uint32_t>(file.data() + words_offset + 4 * i, static_cast<uint32_t>(at));
    std::memcpy(file.data() + blob_offset + at, rows[i].word.data(), rows[i].word.size());
    at += rows[i].word.size();
  }
  store<uint32_t>(file.data() + words_offset + 4 * count, static_cast<uint32_t>(at));
  for (size_t i = 0; i < count; ++i)
    for (size_t k = 0; k < dims; ++k)
      store<float>(file.data() + vectors_offset + 4 * (i * dims + k),
                   static_cast<float>(double{(*rows[i].vector)[k]} / rows[i].norm));

  std::memcpy(file.data(), kMagic, sizeof kMagic);
  store<uint32_t>(file.data() + 8, static_cast<uint32_t>(dims));
  store<uint32_t>(file.data() + 12, static_cast<uint32_t>(count));
  store<uint64_t>(file.data() + 16, words_offset);
  store<uint64_t>(file.data() + 24, vectors_offset);
  store<uint64_t>(file.data() + 32, file_size);
  store<uint64_t>(file.data() + 40,
                  word_vectors_checksum({file.data() + kHeaderSize, file_size - kHeaderSize}));

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  out.close();
  if (!out) throw std::runtime_error("write_word_vectors: cannot write " + path.string());
}

}  // namespace kgls
