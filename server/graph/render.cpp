// Laying a graph out with Graphviz: the `dot` program, run as a child process.
//
// Why the program and not libgvc: kgls then builds and runs without Graphviz (`--format
// dot` needs nothing, and svg/html say what to install instead of the binary failing to
// load a shared library); the layout runs in a process of its own, so a Graphviz crash or a
// layout that takes too long (it is killed after the timeout) cannot take kgls down, and
// the plugins Graphviz loads never enter the language server's address space. The cost, one
// process start per picture, is a few milliseconds beside the layout itself.
//
// The DOT text goes in through a temporary file and the SVG comes back through another, so
// no pipe can fill up and deadlock; the program is started directly (no shell).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kgls/graph.hpp"

extern char** environ;

namespace kgls {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A temporary folder, removed with its files.
struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "kgls-graph-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
};

std::string first_line(const std::string& text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return {};
  const size_t end = text.find('\n', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::optional<std::string> find_graphviz() {
  const char* env = std::getenv("PATH");
  const std::string path = env ? env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find(':', start), path.size());
    const std::string dir = path.substr(start, end - start);
    start = end + 1;
    // An empty or relative entry would mean a `dot` in the current folder, which may be a
    // workspace someone else wrote: only absolute folders count.
    if (dir.empty() || dir.front() != '/') continue;
    const std::string candidate = dir + "/dot";
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return std::nullopt;
}

std::string graphviz_missing_message() {
  return "Graphviz is not installed (no `dot` program on PATH); install it, e.g. `sudo apt-get install graphviz` on "
         "Debian or Ubuntu, `brew install graphviz` on macOS";
}

std::optional<std::string> render_svg(const std::string& dot_text, std::string& error, int timeout_ms) {
  const std::optional<std::string> dot = find_graphviz();
  if (!dot) {
    error = graphviz_missing_message();
    return std::nullopt;
  }
  TempFolder tmp;
  if (tmp.path.empty()) {
    error = std::string("cannot make a temporary folder for Graphviz: ") + std::strerror(errno);
    return std::nullopt;
  }
  const fs::path in = tmp.path / "graph.dot", out = tmp.path / "graph.svg", err = tmp.path / "stderr.txt";
  {
    std::ofstream file(in, std::ios::binary);
    file << dot_text;
    if (!file) {
      error = "cannot write " + in.string();
      return std::nullopt;
    }
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string arg0 = *dot, arg1 = "-Tsvg";
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, dot->c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    error = "cannot run " + *dot + ": " + std::strerror(spawned);
    return std::nullopt;
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      error = std::string("waiting for Graphviz failed: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      error = "Graphviz took longer than " + std::to_string(timeout_ms / 1000) + " s to lay the graph out; stopped";
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string why = first_line(read_file(err));
    error = "Graphviz (" + *dot + ") failed" +
            (WIFEXITED(status) ? " with exit code " + std::to_string(WEXITSTATUS(status))
                               : " with signal " + std::to_string(WTERMSIG(status))) +
            (why.empty() ? "" : ": " + why);
    return std::nullopt;
  }
  std::string svg = read_file(out);
  if (svg.find("<svg") == std::string::npos) {
    error = "Graphviz (" + *dot + ") wrote no SVG";
    return std::nullopt;
  }
  return svg;
}

}  // namespace kgls
