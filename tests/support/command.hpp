// The tests' one way to run a command (the `kgls` binary, mostly) to its end: in a folder,
// stdin from /dev/null (or a file), stdout captured, stderr in a file read back. A server
// over a session is lsp_process.hpp's.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace kgls::test {

struct CommandResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
  double seconds = 0;  // wall time, for messages only: speed is the benchmark's
};

/// Runs `command_line` (a shell command) in `cwd`, its stdin read from `stdin_file`.
inline CommandResult run_command(const std::string& command_line, const std::filesystem::path& cwd,
                                 const std::filesystem::path& stdin_file = "/dev/null") {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("kgls-test-err-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const std::string command =
      "cd '" + cwd.string() + "' && " + command_line + " 2>'" + err_file.string() + "' <'" + stdin_file.string() + "'";
  CommandResult r;
  const auto start = std::chrono::steady_clock::now();
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 65536> buffer;
  for (size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) r.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), {});
  std::error_code ec;
  std::filesystem::remove(err_file, ec);
  return r;
}

#ifdef KGLS_BINARY
/// Runs `kgls ARGS` in `cwd`; `env` prefixes the command (e.g. "env XDG_CACHE_HOME=...").
inline CommandResult run_kgls(const std::string& args, const std::filesystem::path& cwd,
                              const std::string& env = "") {
  return run_command(env + " '" KGLS_BINARY "' " + args, cwd);
}
#endif

}  // namespace kgls::test
