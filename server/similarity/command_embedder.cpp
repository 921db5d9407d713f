// The `command` embedder: runs a program, writes each text to its stdin as one JSON string per
// line, reads one JSON array of numbers per line from its stdout. JSON is the program's wire
// format; nothing JSON leaves this file.
//
// stdin and stdout are pumped together with poll(), so a program that answers line by line
// never deadlocks on a full pipe; one deadline (the timeout) covers the whole run, after which
// the program is killed. The program is started directly (no shell), so texts and arguments
// are never interpreted.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "kgls/embedding.hpp"

namespace kgls {

namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

std::string joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

CommandEmbedder::CommandEmbedder(EmbedderSettings settings) : settings_(std::move(settings)) {
  if (settings_.command.empty() || settings_.command.front().empty())
    throw std::invalid_argument("command embedder: no command given");
}

std::string CommandEmbedder::identity() const { return "command " + joined(settings_.command); }

std::vector<Vector> CommandEmbedder::embed(const std::vector<std::string>& texts) {
  const std::string where = "command embedder: " + settings_.command.front();
  if (texts.empty()) return {};
  std::string input;
  for (const auto& t : texts) {
    input += nlohmann::json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    input += '\n';
  }

  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) throw EmbedError(where + ": pipe: " + std::strerror(errno));
  Fd in_r(in_pipe[0]), in_w(in_pipe[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw EmbedError(where + ": pipe: " + std::strerror(errno));
  Fd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw EmbedError(where + ": pipe: " + std::strerror(errno));
  Fd err_r(err_pipe[0]), err_w(err_pipe[1]);

  std::vector<char*> argv;
  for (const auto& a : settings_.command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) throw EmbedError(where + ": fork: " + std::strerror(errno));
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec. It ends with the server (which
    // exits at once on `exit`, without waiting for an embedding in progress).
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(in_r.fd, 0);
    ::dup2(out_w.fd, 1);
    ::dup2(err_w.fd, 2);
    ::execvp(argv[0], argv.data());
    const char msg[] = "cannot run the command\n";
    [[maybe_unused]] auto ignored = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  in_r.reset();
  out_w.reset();
  err_w.reset();
  ::fcntl(in_w.fd, F_SETFL, O_NONBLOCK);
  // A program that exits without reading its input must not kill us with SIGPIPE. The signal
  // is blocked in this thread only (the server's other threads are not touched), and one
  // that our write raised is consumed before unblocking.
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);

  std::string output, errors;
  size_t written = 0;
  const auto deadline = std::chrono::steady_clock::now() + settings_.timeout;
  bool timed_out = false;
  if (input.empty()) in_w.reset();
  while (out_r.fd >= 0 || err_r.fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[3];
    nfds_t n = 0;
    if (in_w.fd >= 0) fds[n++] = {in_w.fd, POLLOUT, 0};
    if (out_r.fd >= 0) fds[n++] = {out_r.fd, POLLIN, 0};
    if (err_r.fd >= 0) fds[n++] = {err_r.fd, POLLIN, 0};
    const int ready = ::poll(fds, n, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t k = 0; k < n && ready > 0; ++k) {
      if (!fds[k].revents) continue;
      if (fds[k].fd == in_w.fd) {
        const ssize_t w = ::write(in_w.fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) in_w.reset();  // The program closed its stdin.
        if (written == input.size()) in_w.reset();                    // EOF tells it we are done.
      } else {
        char buf[65536];
        const ssize_t r = ::read(fds[k].fd, buf, sizeof buf);
        std::string& sink = fds[k].fd == out_r.fd ? output : errors;
        if (r > 0) {
          sink.append(buf, static_cast<size_t>(r));
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          (fds[k].fd == out_r.fd ? out_r : err_r).reset();
        }
      }
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const timespec no_wait{0, 0};
  while (::sigtimedwait(&pipe_set, nullptr, &no_wait) > 0) {
  }
  ::pthread_sigmask(SIG_SETMASK, &old_set, nullptr);

  if (timed_out) throw EmbedError(where + ": no answer within " + std::to_string(settings_.timeout.count()) + " ms");
  const std::string err_line = errors.substr(0, errors.find('\n'));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw EmbedError(where + ": " +
                     (WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                        : "killed by signal " + std::to_string(WTERMSIG(status))) +
                     (err_line.empty() ? "" : ": " + err_line));
  }

  std::vector<Vector> vectors;
  size_t pos = 0;
  while (pos < output.size()) {
    size_t nl = output.find('\n', pos);
    if (nl == std::string::npos) nl = output.size();
    const std::string_view line(output.data() + pos, nl - pos);
    pos = nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto value = nlohmann::json::parse(line, nullptr, false);
    if (value.is_object() && value.contains("embedding")) value = value["embedding"];
    if (!value.is_array() || value.empty())
      throw EmbedError(where + ": line " + std::to_string(vectors.size() + 1) + " is not an array of numbers");
    Vector v;
    v.reserve(value.size());
    for (const auto& x : value) {
      if (!x.is_number())
        throw EmbedError(where + ": line " + std::to_string(vectors.size() + 1) + " holds a non-number");
      v.push_back(x.get<float>());
    }
    vectors.push_back(std::move(v));
  }
  if (vectors.size() != texts.size())
    throw EmbedError(where + ": " + std::to_string(vectors.size()) + " vectors for " + std::to_string(texts.size()) +
                     " texts");
  return vectors;
}

}  // namespace kgls
