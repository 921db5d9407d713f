// The tests' one way to start a child process (the `kgls` binary, as a server or as a
// command): fork + execve with everything prepared before the fork, standard streams
// redirected, an environment on top of this process's, and, when running as root, a
// switch to a normal user so that file permissions apply. The server driver
// (lsp_process.hpp), the fault tests' `run_kgls` and the benchmark all start theirs here.
// (A shell command line, with its quoting, is command.hpp's.)
#pragma once
#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kgls::test {

struct ChildOptions {
  /// argv[0] is the program's path (not looked up on PATH).
  std::vector<std::string> argv;
  /// Variables to set (a value) or unset (nullopt) on top of this process's environment.
  std::map<std::string, std::optional<std::string>> env;
  /// The child's stdin, stdout and stderr: -1 inherits. The descriptors stay the caller's
  /// (close them after spawn); they should be close-on-exec.
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  std::string cwd;  // Empty: inherit.
  /// When running as root, switch to this uid/gid before exec; -1 keeps the current user.
  int run_as_uid = -1;
};

/// Starts the child; throws std::runtime_error when fork fails. In the child, a failed
/// chdir exits 126, a failed user switch 125, a failed exec 127.
pid_t spawn(const ChildOptions& options);

/// The exit code (or 128 + signal) once the child has exited; nullopt when it is still
/// running at the deadline.
std::optional<int> wait_child(pid_t pid, std::chrono::steady_clock::time_point deadline);

/// Waits for the child until the deadline, then kills it (SIGKILL) and reaps it: its exit
/// code, or nullopt when it had to be killed.
std::optional<int> wait_or_kill(pid_t pid, std::chrono::steady_clock::time_point deadline);

/// A descriptor for a child's stream: `path` opened close-on-exec for writing (created,
/// truncated) or for reading. Throws std::runtime_error when it cannot be opened.
int open_for_child(const std::string& path, bool write);

}  // namespace kgls::test
