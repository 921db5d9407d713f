// The memory-mapped word vectors: a good file opens and finds its words; every kind of bad
// file (missing, truncated, damaged, foreign, the wrong width) is refused with a one-line
// notice naming the problem, never a crash; and the real file, when built, knows that a car
// is an automobile and not a banana.
#include "kgls/word_vectors.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include "../support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<unsigned char> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::vector<unsigned char>& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

double cosine(const float* a, const float* b, uint32_t dims) {
  double s = 0;
  for (uint32_t k = 0; k < dims; ++k) s += double{a[k]} * double{b[k]};
  return s;
}

class WordVectors : public ::testing::Test {
 protected:

  // Six words (one with a zero vector, which the writer drops), 4 dimensions, unsorted.
  fs::path write_good(const std::string& name = "good.bin") {
    const fs::path p = dir / name;
    kgls::write_word_vectors(p, {"car", "banana", "automobile", "\xc3\xa9t\xc3\xa9", ",", "nothing"},
                             {{3, 4, 0, 0}, {0, 0, 1, 0}, {2.9f, 4.1f, 0.2f, 0}, {0, 0, 0, -2}, {1, 1, 1, 1},
                              {0, 0, 0, 0}});
    return p;
  }

  // Opens `p` expecting a refusal; returns the notice after checking its shape.
  std::string refused(const fs::path& p, uint32_t expected_dims = 4) {
    std::string notice;
    auto wv = kgls::WordVectors::open(p, expected_dims, notice);
    EXPECT_EQ(wv, nullptr) << p;
    EXPECT_EQ(notice.rfind("word vectors: " + p.string() + ": ", 0), 0u) << notice;
    EXPECT_NE(notice.find("; similarity is lexical only"), std::string::npos) << notice;
    EXPECT_EQ(notice.find('\n'), std::string::npos) << notice;
    return notice;
  }

  kgls::test::TempDir temp{"word-vectors"};
  fs::path dir = temp.path();
};

TEST_F(WordVectors, GoodFileOpensAndFindsItsWords) {
  const fs::path p = write_good();
  for (uint32_t expected : {4u, 0u}) {
    std::string notice = "stale";
    auto wv = kgls::WordVectors::open(p, expected, notice);
    ASSERT_NE(wv, nullptr) << notice;
    EXPECT_EQ(notice, "");
    EXPECT_EQ(wv->dimensions(), 4u);
    EXPECT_EQ(wv->size(), 5u);  // "nothing" had no direction

    const float* car = wv->find("car");
    ASSERT_NE(car, nullptr);
    EXPECT_FLOAT_EQ(car[0], 0.6f);
    EXPECT_FLOAT_EQ(car[1], 0.8f);
    EXPECT_FLOAT_EQ(car[2], 0.0f);
    for (const char* w : {"car", "banana", "automobile", "\xc3\xa9t\xc3\xa9", ","}) {
      const float* v = wv->find(w);
      ASSERT_NE(v, nullptr) << w;
      EXPECT_NEAR(cosine(v, v, 4), 1.0, 1e-6) << w;  // unit rows
    }
    EXPECT_GT(cosine(car, wv->find("automobile"), 4), 0.99);
    EXPECT_EQ(cosine(car, wv->find("banana"), 4), 0.0);
    EXPECT_FLOAT_EQ(wv->find("\xc3\xa9t\xc3\xa9")[3], -1.0f);

    for (const char* w : {"Car", "ca", "cars", "", "nothing", "zebra", "a", "\xc3\xa9", "~"})
      EXPECT_EQ(wv->find(w), nullptr) << w;
  }
}

TEST_F(WordVectors, MissingFileIsRefused) {
  const std::string notice = refused(dir / "absent.bin");
  EXPECT_NE(notice.find("not found"), std::string::npos) << notice;
  EXPECT_NE(refused(dir).find("not a regular file"), std::string::npos);
}

TEST_F(WordVectors, TruncatedFileIsRefused) {
  const fs::path p = write_good();
  const auto bytes = read_bytes(p);
  write_bytes(p, {bytes.begin(), bytes.end() - 3});
  std::string notice = refused(p);
  EXPECT_NE(notice.find("truncated (" + std::to_string(bytes.size() - 3) + " of " + std::to_string(bytes.size()) +
                        " bytes)"),
            std::string::npos)
      << notice;

  write_bytes(p, {bytes.begin(), bytes.begin() + 12});
  notice = refused(p);
  EXPECT_NE(notice.find("truncated (12 bytes"), std::string::npos) << notice;

  write_bytes(p, {});
  EXPECT_NE(refused(p).find("truncated (0 bytes"), std::string::npos);
}

TEST_F(WordVectors, LongerFileIsRefused) {
  const fs::path p = write_good();
  auto bytes = read_bytes(p);
  bytes.resize(bytes.size() + 64, 0);
  write_bytes(p, bytes);
  EXPECT_NE(refused(p).find("wrong size"), std::string::npos);
}

TEST_F(WordVectors, FlippedByteFailsTheChecksum) {
  const fs::path p = write_good();
  const auto good = read_bytes(p);
  // Every byte after the header: the words table, the words, the padding, the vectors.
  for (size_t i = 64; i < good.size(); ++i) {
    auto bad = good;
    bad[i] ^= 0x10;
    write_bytes(p, bad);
    const std::string notice = refused(p);
    EXPECT_NE(notice.find("checksum mismatch"), std::string::npos) << "byte " << i << ": " << notice;
  }
}

TEST_F(WordVectors, DamagedHeaderIsRefused) {
  const fs::path p = write_good();
  const auto good = read_bytes(p);
  for (size_t i = 0; i < 64; ++i) {
    for (const unsigned bit : {0x01u, 0x80u}) {
      auto bad = good;
      bad[i] = static_cast<unsigned char>(bad[i] ^ bit);
      write_bytes(p, bad);
      refused(p);  // whatever the field, refused with a notice, never a crash
    }
  }
}

TEST_F(WordVectors, WrongMagicIsRefused) {
  const fs::path p = write_good();
  auto bytes = read_bytes(p);
  std::memcpy(bytes.data(), "GGUF\x03\0\0\0", 8);
  write_bytes(p, bytes);
  EXPECT_NE(refused(p).find("not a kgls word-vectors file (wrong magic)"), std::string::npos);

  std::memcpy(bytes.data(), "KGLSWV02", 8);
  write_bytes(p, bytes);
  EXPECT_NE(refused(p).find("unsupported version KGLSWV02"), std::string::npos);
}

TEST_F(WordVectors, WrongWidthIsRefused) {
  const fs::path p = dir / "narrow.bin";
  std::vector<float> v(50, 0.0f);
  v[7] = 1;
  kgls::write_word_vectors(p, {"car"}, {v});
  EXPECT_NE(refused(p, 100).find("wrong width (50 dimensions, expected 100)"), std::string::npos);

  std::string notice;
  auto any_width = kgls::WordVectors::open(p, 0, notice);
  ASSERT_NE(any_width, nullptr) << notice;
  EXPECT_EQ(any_width->dimensions(), 50u);
}

TEST_F(WordVectors, WriterRejectsBadInput) {
  EXPECT_THROW(kgls::write_word_vectors(dir / "x.bin", {"a", "b"}, {{1}}), std::invalid_argument);
  EXPECT_THROW(kgls::write_word_vectors(dir / "x.bin", {"a", "a"}, {{1}, {2}}), std::invalid_argument);
  EXPECT_THROW(kgls::write_word_vectors(dir / "x.bin", {"a", "b"}, {{1, 2}, {2}}), std::invalid_argument);
  EXPECT_THROW(kgls::write_word_vectors(dir / "x.bin", {}, {}), std::invalid_argument);
  EXPECT_THROW(kgls::write_word_vectors(dir / "no-such-folder" / "x.bin", {"a"}, {{1}}), std::runtime_error);
}

TEST_F(WordVectors, DefaultPathPrefersTheEnvironmentThenTheExecutablesFolder) {
  const char* old = std::getenv("KGLS_WORD_VECTORS");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;

  const fs::path p = write_good();
  ::setenv("KGLS_WORD_VECTORS", p.c_str(), 1);
  EXPECT_EQ(kgls::WordVectors::default_path(), p);

  // Missing everywhere (the test binary has no share/kgls beside it): the place beside the
  // executable, so the notice names where the file was expected.
  ::setenv("KGLS_WORD_VECTORS", (dir / "absent.bin").c_str(), 1);
  const fs::path exe_dir = fs::read_symlink("/proc/self/exe").parent_path();
  EXPECT_EQ(kgls::WordVectors::default_path(), exe_dir / "share" / "kgls" / "word-vectors-100d.bin");

  if (saved)
    ::setenv("KGLS_WORD_VECTORS", saved->c_str(), 1);
  else
    ::unsetenv("KGLS_WORD_VECTORS");
}

TEST_F(WordVectors, RealFileKnowsCarsFromBananas) {
  const fs::path p = KGLS_WORD_VECTORS_FILE;
  if (!fs::exists(p)) GTEST_SKIP() << p << " not built (npm ci in server/similarity/word-vectors, then cmake)";

  std::string notice;
  const auto start = std::chrono::steady_clock::now();
  auto wv = kgls::WordVectors::open(p, 100, notice);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_NE(wv, nullptr) << notice;
  EXPECT_EQ(wv->dimensions(), 100u);
  EXPECT_GT(wv->size(), 300000u);

  const float* car = wv->find("car");
  const float* automobile = wv->find("automobile");
  const float* banana = wv->find("banana");
  ASSERT_NE(car, nullptr);
  ASSERT_NE(automobile, nullptr);
  ASSERT_NE(banana, nullptr);
  EXPECT_EQ(wv->find("Car"), nullptr);
  EXPECT_EQ(wv->find("qqqxzv"), nullptr);

  const double car_automobile = cosine(car, automobile, 100);
  const double car_banana = cosine(car, banana, 100);
  EXPECT_GT(car_automobile, 0.5);
  EXPECT_LT(car_banana, 0.3);
  EXPECT_GT(car_automobile - car_banana, 0.3);
  std::cout << "[          ] " << p.string() << ": " << wv->size() << " words, opened in " << ms
            << " ms; cos(car, automobile) = " << car_automobile << ", cos(car, banana) = " << car_banana << "\n";
}

}  // namespace
