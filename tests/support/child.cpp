#include "child.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "environment.hpp"

namespace kgls::test {

pid_t spawn(const ChildOptions& options) {
  // Everything the child needs is prepared before fork(): after it, only async-signal-safe
  // calls are allowed (other threads may hold the allocator's lock).
  std::vector<std::string> argv_storage = options.argv;
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = child_environment(options.env);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  const bool drop = options.run_as_uid >= 0 && ::geteuid() == 0;
  const char* cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();

  std::fflush(nullptr);  // Else the child could write our buffered output again.
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (options.stdin_fd >= 0) ::dup2(options.stdin_fd, STDIN_FILENO);
    if (options.stdout_fd >= 0) ::dup2(options.stdout_fd, STDOUT_FILENO);
    if (options.stderr_fd >= 0) ::dup2(options.stderr_fd, STDERR_FILENO);
    if (cwd && ::chdir(cwd) != 0) ::_exit(126);
    if (drop) {
      const auto id = static_cast<uid_t>(options.run_as_uid);
      if (::setgroups(0, nullptr) != 0 || ::setgid(id) != 0 || ::setuid(id) != 0) ::_exit(125);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

std::optional<int> wait_child(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    ::usleep(2000);
  }
}

std::optional<int> wait_or_kill(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  if (auto code = wait_child(pid, deadline)) return code;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return std::nullopt;
}

int open_for_child(const std::string& path, bool write) {
  const int fd = write ? ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
                       : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  return fd;
}

}  // namespace kgls::test
