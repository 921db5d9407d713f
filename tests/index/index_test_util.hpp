// Helpers for the index and card tests: a scratch folder, opening an index, running the
// kgls binary.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "kgls/index.hpp"
#include "../support/temp_dir.hpp"
#include "../support/command.hpp"

namespace kgls::test {

namespace fs = std::filesystem;

// TempDir: tests/support/temp_dir.hpp, in this namespace.

/// Opens (without refreshing) an index of `root` kept in `file` (empty: in memory).
inline std::unique_ptr<Index> open_index(const fs::path& root, const fs::path& file,
                                         std::vector<std::string>* notices = nullptr) {
  IndexOptions options;
  options.root = root;
  if (file.empty()) {
    options.in_memory = true;
  } else {
    options.file = file;
  }
  std::vector<std::string> sink;
  return Index::open(options, notices ? *notices : sink);
}

/// A connection of the test's own to an index's file, to look inside it (the index hands
/// its connection to no one).
inline sql::Database inspect(const Index& index) { return sql::Database::open(index.location()); }

// Result, run_command, run_kgls: tests/support/command.hpp, in this namespace.
using Result = CommandResult;

/// Whether a program is on PATH (for optional checks with graphviz / xmllint).
inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace kgls::test
