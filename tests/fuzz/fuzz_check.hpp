// What the fuzz targets share: a check that stops the run with a message (libFuzzer saves
// the input that triggered it), and a scratch workspace folder that only the fuzzers use.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

/// Like assert(), but always on and with a message: an invariant the code must keep.
#define FUZZ_CHECK(condition, message)                                                  \
  do {                                                                                  \
    if (!(condition)) {                                                                 \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, __LINE__, \
                   #condition, std::string(message).c_str());                           \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace kgls::fuzz {

/// A fresh folder under $TMPDIR (or /tmp), removed at exit; empty string on failure.
std::string scratch_folder(const char* name);

/// Writes a file (creating its folder); false on failure.
bool write_text(const std::string& path, const std::string& text);

}  // namespace kgls::fuzz
