// Transcript tests: each tests/lsp/transcripts/*.jsonrpc file is a script of JSON-RPC
// messages sent to the real `kgls` binary over stdio, and of the messages expected back.
// The format is described in tests/lsp/transcripts/README.md.
//
// The runner frames and reads messages itself (it does not reuse the server's framing
// code), so a framing bug in the server cannot hide behind the same bug here.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kTimeout = std::chrono::seconds(20);

fs::path source_dir() { return fs::path(KGLS_SOURCE_DIR).lexically_normal(); }

std::string file_uri(const fs::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (char c : path.lexically_normal().string()) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' ||
                       c == '.' || c == '_' || c == '~';
    if (plain) {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[static_cast<unsigned char>(c) >> 4];
      uri += kHex[static_cast<unsigned char>(c) & 15];
    }
  }
  if (uri.size() > 8 && uri.back() == '/') uri.pop_back();
  return uri;
}

// ---- The server process --------------------------------------------------------------

class Server {
 public:
  Server(const std::vector<std::string>& args, const fs::path& stderr_file) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, STDERR_FILENO);
      close(in[0]);
      close(in[1]);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      std::string binary = KGLS_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copies = args;
      for (auto& a : copies) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_server_ = in[1];
    from_server_ = out[0];
  }

  ~Server() {
    close_input();
    if (from_server_ >= 0) close(from_server_);
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  bool send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = write(to_server_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  void close_input() {
    if (to_server_ >= 0) close(to_server_);
    to_server_ = -1;
  }

  /// The next message, or nullopt at the deadline or the end of output; `error` says why.
  std::optional<json> receive(Clock::time_point deadline, std::string& error) {
    for (;;) {
      const size_t header_end = buffer_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const std::string headers = buffer_.substr(0, header_end);
        const std::string key = "Content-Length: ";
        const size_t at = headers.find(key);
        if (at == std::string::npos) {
          error = "a frame without Content-Length: " + headers;
          return std::nullopt;
        }
        const size_t length = std::stoul(headers.substr(at + key.size()));
        if (buffer_.size() >= header_end + 4 + length) {
          const std::string body = buffer_.substr(header_end + 4, length);
          buffer_.erase(0, header_end + 4 + length);
          try {
            return json::parse(body);
          } catch (const std::exception& e) {
            error = std::string("the server sent invalid JSON: ") + e.what() + ": " + body;
            return std::nullopt;
          }
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        error = "timed out";
        return std::nullopt;
      }
      pollfd p{from_server_, POLLIN, 0};
      const int ready = poll(&p, 1, static_cast<int>(left.count()));
      if (ready <= 0) continue;
      char chunk[65536];
      const ssize_t n = read(from_server_, chunk, sizeof chunk);
      if (n <= 0) {
        error = "the server closed its output";
        return std::nullopt;
      }
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  /// The exit code, or -1 when the server did not exit in time (it is then killed).
  int wait_exit(Clock::time_point deadline) {
    while (Clock::now() < deadline) {
      int status = 0;
      const pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
      }
      usleep(10000);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int to_server_ = -1;
  int from_server_ = -1;
  bool exited_ = false;
  std::string buffer_;
};

// ---- Matching ------------------------------------------------------------------------

// Expected values match actual ones structurally: objects need the expected members (more
// are allowed), arrays the same length (or a prefix when the last expected item is "..."),
// "${ANY}" matches anything, "${=name}" matches anything and captures it,
// "${CONTAINS:text}" matches a string that contains the text (a hover's long Markdown),
// and a member whose expected value is "${ABSENT}" must not be there.
bool matches(const json& expected, const json& actual, std::map<std::string, json>& captures) {
  if (expected.is_string()) {
    const auto& s = expected.get_ref<const std::string&>();
    if (s == "${ANY}") return true;
    if (s.rfind("${CONTAINS:", 0) == 0 && s.back() == '}') {
      return actual.is_string() &&
             actual.get_ref<const std::string&>().find(s.substr(11, s.size() - 12)) != std::string::npos;
    }
    if (s.rfind("${=", 0) == 0 && s.back() == '}') {
      captures[s.substr(3, s.size() - 4)] = actual;
      return true;
    }
  }
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [key, value] : expected.items()) {
      const bool absent = value.is_string() && value == "${ABSENT}";
      if (absent) {
        if (actual.contains(key)) return false;
        continue;
      }
      if (!actual.contains(key) || !matches(value, actual.at(key), captures)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return false;
    size_t n = expected.size();
    const bool prefix = n > 0 && expected.back() == "...";
    if (prefix) --n;
    if (prefix ? actual.size() < n : actual.size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
      if (!matches(expected[i], actual[i], captures)) return false;
    }
    return true;
  }
  return expected == actual;
}

// ---- Transcripts ---------------------------------------------------------------------

struct Step {
  enum class Kind { Send, SendRaw, Expect, Args, Copy, Write, Delete, Eof, Exit, FileContains };
  Kind kind;
  std::string text;  // JSON text, raw bytes, args, a path...
  std::string extra;  // Write: the content.
  int line = 0;
};

std::vector<Step> parse_transcript(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Step> steps;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      // A continuation of the previous message.
      if (!steps.empty()) steps.back().text += "\n" + line;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const auto rest = [&](size_t from) {
      std::string r = line.substr(std::min(from, line.size()));
      while (!r.empty() && r.front() == ' ') r.erase(0, 1);
      return r;
    };
    if (line.rfind("--> raw ", 0) == 0) {
      steps.push_back({Step::Kind::SendRaw, rest(8), {}, number});
    } else if (line.rfind("-->", 0) == 0) {
      steps.push_back({Step::Kind::Send, rest(3), {}, number});
    } else if (line.rfind("<--", 0) == 0) {
      steps.push_back({Step::Kind::Expect, rest(3), {}, number});
    } else if (line.rfind("!args", 0) == 0) {
      steps.push_back({Step::Kind::Args, rest(5), {}, number});
    } else if (line.rfind("!copy", 0) == 0) {
      steps.push_back({Step::Kind::Copy, rest(5), {}, number});
    } else if (line.rfind("!write", 0) == 0) {
      std::string r = rest(6);
      const size_t space = r.find(' ');
      steps.push_back({Step::Kind::Write, r.substr(0, space),
                       space == std::string::npos ? "" : r.substr(space + 1), number});
    } else if (line.rfind("!delete", 0) == 0) {
      steps.push_back({Step::Kind::Delete, rest(7), {}, number});
    } else if (line.rfind("!file-contains", 0) == 0) {
      std::string r = rest(14);
      const size_t space = r.find(' ');
      steps.push_back({Step::Kind::FileContains, r.substr(0, space),
                       space == std::string::npos ? "" : r.substr(space + 1), number});
    } else if (line == "!eof") {
      steps.push_back({Step::Kind::Eof, {}, {}, number});
    } else if (line.rfind("!exit", 0) == 0) {
      steps.push_back({Step::Kind::Exit, rest(5), {}, number});
    } else {
      ADD_FAILURE() << path << ":" << number << ": cannot read this line: " << line;
    }
  }
  return steps;
}

class Runner {
 public:
  Runner(const fs::path& transcript) : transcript_(transcript) {
    root_ = fs::temp_directory_path() /
            ("kgls-transcript-" + std::to_string(getpid()) + "-" + transcript.stem().string());
    fs::remove_all(root_);
    fs::create_directories(root_);
    stderr_file_ = root_.string() + ".stderr";
    vars_["ROOT"] = file_uri(root_);
    vars_["ROOT_PATH"] = root_.lexically_normal().string();
    vars_["SOURCE"] = file_uri(source_dir());
    vars_["SHARED"] = file_uri(fs::path(KGLS_SHARED_DATA).lexically_normal());
  }
  ~Runner() {
    server_.reset();
    fs::remove_all(root_);
    fs::remove(stderr_file_);
  }

  void run() {
    const auto steps = parse_transcript(transcript_);
    bool exited = false;
    for (size_t i = 0; i < steps.size() && !::testing::Test::HasFatalFailure();) {
      const Step& step = steps[i];
      where_ = transcript_.filename().string() + ":" + std::to_string(step.line);
      switch (step.kind) {
        case Step::Kind::Args:
          args_ = split(substitute(step.text));
          ++i;
          break;
        case Step::Kind::Copy: {
          // `!copy NAME [DEST]`: tests/lsp/workspaces/NAME into ${ROOT}[/DEST].
          const auto words = split(step.text);
          const fs::path to = words.size() > 1 ? root_ / words[1] : root_;
          fs::create_directories(to);
          fs::copy(source_dir() / "tests/lsp/workspaces" / words.at(0), to,
                   fs::copy_options::recursive | fs::copy_options::overwrite_existing);
          ++i;
          break;
        }
        case Step::Kind::Write: {
          const json content = json::parse(substitute(step.extra));
          const fs::path path = root_ / step.text;
          fs::create_directories(path.parent_path());
          std::ofstream(path) << content.get<std::string>();
          ++i;
          break;
        }
        case Step::Kind::Delete:
          fs::remove(root_ / step.text);
          ++i;
          break;
        case Step::Kind::Send:
        case Step::Kind::SendRaw: {
          // Consecutive messages go out in one write, so the server reads them together.
          std::string bytes;
          for (; i < steps.size() && (steps[i].kind == Step::Kind::Send ||
                                      steps[i].kind == Step::Kind::SendRaw);
               ++i) {
            const std::string text = substitute(steps[i].text);
            if (steps[i].kind == Step::Kind::SendRaw) {
              bytes += json::parse(text).get<std::string>();
            } else {
              const std::string body = json::parse(text).dump();
              bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
            }
          }
          ASSERT_TRUE(server().send(bytes)) << where_ << ": the server stopped reading";
          break;
        }
        case Step::Kind::Expect: {
          std::vector<std::pair<json, std::string>> group;
          for (; i < steps.size() && steps[i].kind == Step::Kind::Expect; ++i) {
            const std::string text = substitute(steps[i].text);
            group.emplace_back(json::parse(text), transcript_.filename().string() + ":" +
                                                      std::to_string(steps[i].line));
          }
          expect(group);
          break;
        }
        case Step::Kind::FileContains: {
          const std::string wanted = json::parse(substitute(step.extra)).get<std::string>();
          std::ifstream in(root_ / step.text);
          std::stringstream content;
          content << in.rdbuf();
          EXPECT_NE(content.str().find(wanted), std::string::npos)
              << where_ << ": " << step.text << " does not contain " << wanted << ":\n"
              << content.str();
          ++i;
          break;
        }
        case Step::Kind::Eof:
          server().close_input();
          ++i;
          break;
        case Step::Kind::Exit: {
          const int code = server().wait_exit(Clock::now() + kTimeout);
          exited = true;
          EXPECT_EQ(code, std::stoi(step.text)) << where_ << ": exit code" << log();
          ++i;
          break;
        }
      }
    }
    if (::testing::Test::HasFatalFailure()) return;
    EXPECT_TRUE(exited) << transcript_ << " must end with !exit";
    // Every reply must have been expected: an extra one is a second reply to a request
    // or a reply to a notification.
    std::string error;
    while (auto message = server().receive(Clock::now() + std::chrono::milliseconds(50), error))
      received_.push_back({*message, false});
    for (const auto& r : received_) {
      if (!r.used && r.message.contains("id") && !r.message.contains("method"))
        ADD_FAILURE() << "an unexpected reply: " << r.message.dump() << log();
    }
  }

 private:
  struct Received {
    json message;
    bool used;
  };

  Server& server() {
    if (!server_) server_ = std::make_unique<Server>(args_, stderr_file_);
    return *server_;
  }

  static std::vector<std::string> split(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string word; in >> word;) out.push_back(word);
    return out;
  }

  // ${NAME} -> a folder URI, or a captured value as JSON.
  std::string substitute(std::string text) const {
    for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at)) {
      const size_t end = text.find('}', at);
      if (end == std::string::npos) break;
      const std::string name = text.substr(at + 2, end - at - 2);
      std::string value;
      if (auto v = vars_.find(name); v != vars_.end()) {
        value = v->second;
      } else if (auto c = captures_.find(name); c != captures_.end()) {
        value = c->second.is_string() ? c->second.get<std::string>() : c->second.dump();
      } else {
        at = end;  // ${ANY}, ${=x}, ${ABSENT}: for the matcher.
        continue;
      }
      text.replace(at, end - at + 1, value);
      at += value.size();
    }
    return text;
  }

  void expect(const std::vector<std::pair<json, std::string>>& group) {
    const auto deadline = Clock::now() + kTimeout;
    std::vector<bool> found(group.size(), false);
    size_t missing = group.size();
    const auto try_match = [&](Received& r) {
      for (size_t g = 0; g < group.size(); ++g) {
        if (found[g]) continue;
        std::map<std::string, json> captures;
        if (matches(group[g].first, r.message, captures)) {
          found[g] = true;
          r.used = true;
          --missing;
          for (auto& [k, v] : captures) captures_[k] = v;
          return;
        }
      }
    };
    for (auto& r : received_) {
      if (!r.used && missing) try_match(r);
    }
    std::string error;
    while (missing) {
      auto message = server().receive(deadline, error);
      if (!message) break;
      received_.push_back({std::move(*message), false});
      try_match(received_.back());
    }
    if (!missing) return;
    std::string report;
    for (size_t g = 0; g < group.size(); ++g) {
      if (!found[g]) report += "\n  " + group[g].second + ": " + group[g].first.dump();
    }
    report += "\nunmatched messages received:";
    for (const auto& r : received_) {
      if (!r.used) report += "\n  " + r.message.dump().substr(0, 2000);
    }
    FAIL() << "expected messages did not arrive (" << error << "):" << report << log();
  }

  std::string log() const {
    std::ifstream in(stderr_file_);
    std::stringstream out;
    out << in.rdbuf();
    return "\n--- server log ---\n" + out.str();
  }

  fs::path transcript_;
  fs::path root_;
  std::string stderr_file_;
  std::string where_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, json> captures_;
  std::unique_ptr<Server> server_;
  std::vector<Received> received_;
};

std::vector<std::string> transcripts() {
  std::vector<std::string> out;
  const fs::path dir = source_dir() / "tests/lsp/transcripts";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".jsonrpc") out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Transcript : public ::testing::TestWithParam<std::string> {};

TEST_P(Transcript, Runs) {
  signal(SIGPIPE, SIG_IGN);  // A server that exits early must fail the test, not kill it.
  Runner(source_dir() / "tests/lsp/transcripts" / GetParam()).run();
}

INSTANTIATE_TEST_SUITE_P(Lsp, Transcript, ::testing::ValuesIn(transcripts()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = fs::path(param.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
