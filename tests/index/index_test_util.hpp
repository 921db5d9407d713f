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

namespace kgls::test {

namespace fs = std::filesystem;

/// A fresh folder in the temporary directory, removed with everything in it (permissions
/// restored first).
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kgls-index-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed: " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path_, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& relative) const { return path_ / relative; }

  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary | std::ios::trunc) << text;
  }
  std::string read(const std::string& relative) const {
    std::ifstream in(path_ / relative, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  fs::path path_;
};

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

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
  double seconds = 0;
};

/// Runs a shell command in `cwd`, capturing stdout, stderr, the exit code and the time.
inline Result run_command(const std::string& command_line, const fs::path& cwd) {
  const fs::path err_file = fs::temp_directory_path() / ("kgls-index-err-" + std::to_string(::getpid()));
  const std::string command =
      "cd '" + cwd.string() + "' && " + command_line + " 2>'" + err_file.string() + "' </dev/null";
  const auto start = std::chrono::steady_clock::now();
  FILE* pipe = ::popen(command.c_str(), "r");
  Result r;
  std::array<char, 65536> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), {});
  fs::remove(err_file);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Runs `kgls ARGS` in `cwd`; `env` prefixes the command (e.g. "env XDG_CACHE_HOME=...").
inline Result run_kgls(const std::string& args, const fs::path& cwd, const std::string& env = "") {
  return run_command(env + " '" KGLS_BINARY "' " + args, cwd);
}

/// Whether a program is on PATH (for optional checks with graphviz / xmllint).
inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace kgls::test
